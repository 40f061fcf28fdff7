package io.hellocheck.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module on the module path, as a modular application uses it: a module that requires
 * {@code io.hellocheck} compiles against the API and runs (the HTML writer's templates and the text report's
 * tables included); an import of an internal package does not compile. ascii-table, which names no module, is on
 * the class path, which the module reads by itself when it writes a text report: no {@code --add-reads}.
 */
class ModulePathTest {
    /** The module's run-time dependencies from the test class path (pcap4j, which only a filter needs, left out). */
    private static final Pattern RUNTIME = Pattern.compile(
            ".*(jackson-(core|databind|annotations|dataformat-csv)|commons-compress|commons-io|commons-lang3|commons-codec"
                    + "|/xz-|zstd-jni|jte-runtime)[^/]*\\.jar");
    /** The run-time dependencies that name no module, read from the class path. */
    private static final Pattern CLASS_PATH = Pattern.compile(".*/ascii-table[^/]*\\.jar");

    static String modulePath(Path extra) throws Exception {
        List<String> path = new ArrayList<>();
        if (extra != null) {
            path.add(extra.toString());
        }
        path.add(ExportedApi.classes().toString());
        path.addAll(testClassPath(RUNTIME));
        return String.join(File.pathSeparator, path);
    }

    static List<String> testClassPath(Pattern jars) {
        List<String> path = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (jars.matcher(e.replace(File.separatorChar, '/')).matches()) {
                path.add(e);
            }
        }
        return path;
    }

    static int compile(Path dir, String body, ByteArrayOutputStream diagnostics) throws Exception {
        Path src = dir.resolve("src/demo");
        Files.createDirectories(src.resolve("demo"));
        Files.writeString(src.resolve("module-info.java"), "module demo { requires io.hellocheck; }\n");
        Files.writeString(src.resolve("demo/Main.java"), body);
        return ToolProvider.getSystemJavaCompiler().run(null, null, diagnostics, "--module-path", modulePath(null),
                "--module-source-path", dir.resolve("src").toString(), "--module", "demo",
                "-d", dir.resolve("out").toString());
    }

    @Test
    void aModuleUsesTheApi(@TempDir Path dir) throws Exception {
        String body = "package demo;\n"
                + "import io.hellocheck.HelloCheck;\n"
                + "import io.hellocheck.render.ReportFormat;\n"
                + "import io.hellocheck.render.ReportWriter;\n"
                + "import io.hellocheck.result.AnalysisResult;\n"
                + "import java.nio.file.Path;\n"
                + "public class Main {\n"
                + "    public static void main(String[] args) throws Exception {\n"
                + "        AnalysisResult r = HelloCheck.builder().threads(1).build().analyze(Path.of(args[0]));\n"
                + "        System.out.println(r.capture().connections().get(0).outcome());\n"
                + "        ReportWriter.of(ReportFormat.HTML, System.out).write(r);\n"
                + "        ReportWriter.of(ReportFormat.TEXT, System.out).write(r);\n"
                + "    }\n"
                + "}\n";
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        assertThat(compile(dir, body, diagnostics)).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> classPath = testClassPath(CLASS_PATH);
        assertThat(classPath).hasSize(1);
        Process p = new ProcessBuilder(java, "--module-path", modulePath(dir.resolve("out")),
                "--class-path", classPath.get(0), "--module",
                "demo/demo.Main", ApiBaselineTest.root().resolve("sample-captures/server-alert-40-tls13.pcap")
                .toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        // the text report's table of servers: the capture's one server (tshark: 127.0.0.1:4433), one failure
        assertThat(out).startsWith("SERVER_ALERT").contains("<svg")
                .containsPattern("(?m)^ 127\\.0\\.0\\.1:4433 +\\| +1 \\|");
    }

    @Test
    void internalPackagesAreNotVisible(@TempDir Path dir) throws Exception {
        String body = "package demo;\n"
                + "import io.hellocheck.analysis.ConnectionRecord;\n"
                + "public class Main {\n"
                + "    ConnectionRecord record;\n"
                + "}\n";
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        assertThat(compile(dir, body, diagnostics)).isNotZero();
        assertThat(diagnostics.toString(StandardCharsets.UTF_8)).contains("package io.hellocheck.analysis is not visible");
    }
}
