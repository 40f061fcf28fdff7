package io.hellocheck.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns the command line's INPUT arguments into the captures to analyze: files as given, {@code -} for
 * standard input, folders walked recursively in name order keeping the files whose first bytes are a pcap,
 * pcapng or gzip magic number.
 */
final class Inputs {
    /** What to analyze: a path, or standard input when {@code path} is null. */
    record Input(String name, Path path) {
        boolean isStdin() {
            return path == null;
        }
    }

    final List<Input> inputs = new ArrayList<>();
    final List<String> missing = new ArrayList<>();
    int skippedFiles;

    static Inputs expand(List<String> args) throws IOException {
        Inputs r = new Inputs();
        for (String a : args) {
            if (a.equals("-")) {
                r.inputs.add(new Input("-", null));
                continue;
            }
            Path p = Path.of(a);
            if (Files.isDirectory(p)) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(p)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path f : files) {
                    if (looksLikeCapture(f)) {
                        r.inputs.add(new Input(f.toString(), f));
                    } else {
                        r.skippedFiles++;
                    }
                }
            } else if (Files.exists(p)) {
                r.inputs.add(new Input(a, p));
            } else {
                r.missing.add(a);
            }
        }
        return r;
    }

    /** pcap (either byte order, micro or nano), pcapng, or gzip magic. */
    static boolean looksLikeCapture(Path f) {
        byte[] b = new byte[4];
        try (InputStream in = Files.newInputStream(f)) {
            if (in.readNBytes(b, 0, 4) < 4) {
                return false;
            }
        } catch (IOException e) {
            return true;
        }
        int m = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        return m == 0xa1b2c3d4 || m == 0xd4c3b2a1 || m == 0xa1b23c4d || m == 0x4d3cb2a1 || m == 0x0a0d0d0a
                || ((b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b);
    }
}
