package io.hellocheck;

import static org.assertj.core.api.Assertions.assertThat;


import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's {@code java} code blocks compile and run as they are: each is extracted from README.md at
 * test time, compiled with javax.tools against analyzer-core, and run against the sample captures. Only
 * the input's name is replaced ({@code trace.pcapng} by a sample capture, {@code captures/} by the
 * sample folder, {@code captures.zip} by a zip of it). A block of statements is put into a {@code main} method,
 * its imports kept at the top. The blocks use only the exported API.
 */
class ReadmeSnippetTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    static Path root() {
        String r = System.getProperty("hellocheck.root");
        return r == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(r);
    }

    static List<String> blocks() throws Exception {
        String readme = Files.readString(root().resolve("README.md"));
        List<String> blocks = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(readme);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /** Compiles and runs a block; returns what it printed. */
    static String compileAndRun(String block, Path dir, String className) throws Exception {
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String line : block.split("\n")) {
            (line.startsWith("import ") ? imports : body).append(line).append('\n');
        }
        String source = block.contains("class " + className) ? block
                : imports + "public class " + className + " {\n"
                + "    public static void main(String[] args) throws Exception {\n" + body + "    }\n}\n";
        Path src = dir.resolve(className + ".java");
        Files.writeString(src, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classpath = Path.of(HelloCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, null, diagnostics, "-classpath", classpath, "-d", dir.toString(), src.toString());
        assertThat(rc).as(diagnostics.toString(StandardCharsets.UTF_8) + "\n" + source).isZero();
        PrintStream saved = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                ReadmeSnippetTest.class.getClassLoader())) {
            Method main = loader.loadClass(className).getMethod("main", String[].class);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(saved);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theEmbeddingSnippetCompilesAndRuns(@TempDir Path dir) throws Exception {
        List<String> blocks = blocks();
        assertThat(blocks).isNotEmpty();
        String snippet = blocks.get(0);
        assertThat(snippet).contains("\"trace.pcapng\"");
        assertThat(snippet.lines().count()).isBetween(5L, 20L);
        String capture = root().resolve("sample-captures/server-alert-40-tls13.pcap").toString()
                .replace(File.separatorChar, '/');
        String out = compileAndRun(snippet.replace("\"trace.pcapng\"", "\"" + capture + "\""), dir, "Embedding");
        assertThat(out).contains("SERVER_ALERT").contains("handshake_failure");
    }

    @Test
    void theBlocksImportOnlyTheApi() throws Exception {
        for (String block : blocks()) {
            for (String line : block.split("\n")) {
                if (line.startsWith("import ")) {
                    assertThat(line).matches("import (java\\.[a-z.]+|io\\.hellocheck(\\.result|\\.render)?)\\.[A-Z]\\w*;");
                }
            }
        }
    }

    /** A zip of the sample captures, one entry each, as {@code captures.zip} in the README. */
    static Path sampleZip(Path dir) throws Exception {
        Path zip = dir.resolve("captures.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out);
             Stream<Path> files = Files.list(root().resolve("sample-captures"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".pcap")).sorted().toList()) {
                z.putNextEntry(new ZipEntry("captures/" + f.getFileName()));
                Files.copy(f, z);
                z.closeEntry();
            }
        }
        return zip;
    }

    @Test
    void everyOtherJavaBlockCompilesAndRuns(@TempDir Path dir) throws Exception {
        List<String> blocks = blocks();
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(3);
        String folder = root().resolve("sample-captures").toString().replace(File.separatorChar, '/') + "/";
        String capture = root().resolve("sample-captures/tls13-ok.pcap").toString().replace(File.separatorChar, '/');
        String zip = sampleZip(dir).toString().replace(File.separatorChar, '/');
        List<String> outputs = new ArrayList<>();
        for (int i = 1; i < blocks.size(); i++) {
            String block = blocks.get(i).replace("\"captures/\"", "\"" + folder + "\"")
                    .replace("\"trace.pcapng\"", "\"" + capture + "\"")
                    .replace("\"captures.zip\"", "\"" + zip + "\"");
            Path sub = Files.createDirectories(dir.resolve("b" + i));
            String out = compileAndRun(block, sub, "Block" + i);
            assertThat(out).as("README java block %d", i + 1).isNotBlank();
            outputs.add(out);
        }
        // the streaming block: tls13-ok.pcap's one handshake completed (tshark: ServerHello in frame 6)
        assertThat(outputs.get(0)).contains("COMPLETED").contains("1 capture, 1 record, 0 failed, 0 errors");
        // the archive block: every entry is a capture of its own, then the JSON Lines records
        assertThat(outputs.get(1)).contains("captures.zip!/captures/server-alert-40-tls12.pcap: 1 of 1 handshakes failed")
                .contains("captures.zip!/captures/tls13-ok.pcap: 0 of 1 handshakes failed")
                .contains("{\"type\":\"connection\",\"schema_version\":1,\"capture\":\"" + zip + "!/captures/tls12-ok.pcap\"");
    }
}
