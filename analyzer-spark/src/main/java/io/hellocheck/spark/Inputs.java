package io.hellocheck.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The files of the inputs as given (paths or URIs that Hadoop's file systems read: local, HDFS, s3a, ...;
 * globs allowed), listed on the driver (metadata only): folders walked recursively, files in path order.
 */
final class Inputs {
    /**
     * A file to analyze.
     *
     * @param uri      the file's fully qualified URI, which binaryFiles reads and which names its records
     * @param explicit named as an input itself, not found in a folder
     */
    record File(String uri, boolean explicit) {
    }

    /** The files, and the inputs that match nothing. */
    record Listing(List<File> files, List<String> missing) {
    }

    private Inputs() {
    }

    /**
     * Lists the files of {@code inputs}, each once (the first time met), in input order.
     *
     * @throws UncheckedIOException when a file system cannot be reached or listed
     */
    static Listing list(List<String> inputs, Configuration conf) {
        TreeMap<String, File> seen = new TreeMap<>();
        List<File> files = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        try {
            for (String input : inputs) {
                Path p = new Path(input);
                FileSystem fs = p.getFileSystem(conf);
                FileStatus[] matches = fs.globStatus(p);
                if (matches == null || matches.length == 0) {
                    missing.add(input);
                    continue;
                }
                for (FileStatus m : matches) {
                    if (m.isDirectory()) {
                        TreeMap<String, File> inFolder = new TreeMap<>();
                        RemoteIterator<LocatedFileStatus> it = fs.listFiles(m.getPath(), true);
                        while (it.hasNext()) {
                            String uri = it.next().getPath().toString();
                            inFolder.put(uri, new File(uri, false));
                        }
                        inFolder.values().forEach(f -> add(f, seen, files));
                    } else {
                        add(new File(m.getPath().toString(), true), seen, files);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Listing(List.copyOf(files), List.copyOf(missing));
    }

    private static void add(File f, TreeMap<String, File> seen, List<File> files) {
        if (seen.putIfAbsent(f.uri(), f) == null) {
            files.add(f);
        }
    }
}
