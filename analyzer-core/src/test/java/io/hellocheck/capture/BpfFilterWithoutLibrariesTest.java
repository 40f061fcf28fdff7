package io.hellocheck.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * pcap4j and JNA are optional dependencies of analyzer-core: a project that leaves them out, or a machine without
 * libpcap, gets one {@link IllegalStateException} naming what is missing from a filter, never a
 * {@link LinkageError}. Each case loads analyzer-core afresh in a class loader built from this test's class path
 * less the jars left out.
 */
class BpfFilterWithoutLibrariesTest {

    private static final Predicate<String> PCAP4J = jar -> jar.contains("pcap4j");
    private static final Predicate<String> JNA = jar -> jar.contains(File.separator + "jna" + File.separator);

    @Test
    void withoutPcap4jTheAnalyzerSaysWhichDependenciesToAdd() throws Exception {
        try (URLClassLoader loader = classPathWithout(PCAP4J.or(JNA), ClassLoader.getPlatformClassLoader())) {
            assertThat(buildWithFilter(loader))
                    .isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("need pcap4j, which is not on the class path")
                    .hasMessageContaining("org.pcap4j:pcap4j-core:")
                    .hasMessageContaining("net.java.dev.jna:jna:")
                    .hasMessageContaining("libpcap0.8");
            assertThat(compile(loader)).isExactlyInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void withoutJnaTheFilterSaysJna() throws Exception {
        try (URLClassLoader loader = classPathWithout(JNA, ClassLoader.getPlatformClassLoader())) {
            assertThat(compile(loader))
                    .isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("need JNA, which is not on the class path")
                    .hasMessageContaining("net.java.dev.jna:jna:");
        }
    }

    @Test
    void withoutLibpcapTheFilterSaysLibpcapEveryTime() throws Exception {
        // A fresh pcap4j (its static initializer loads libpcap) over this JVM's JNA (whose native part one class
        // loader only may load), told to load a libpcap that does not exist, as on a machine without it.
        ClassLoader app = BpfFilterWithoutLibrariesTest.class.getClassLoader();
        ClassLoader jnaOnly = new ClassLoader(ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                if (name.startsWith("com.sun.jna.")) {
                    return app.loadClass(name);
                }
                throw new ClassNotFoundException(name);
            }
        };
        String property = "org.pcap4j.core.pcapLibName";
        String before = System.getProperty(property);
        System.setProperty(property, "hellocheck-no-such-libpcap");
        try (URLClassLoader loader = classPathWithout(JNA, jnaOnly)) {
            // the first try fails in pcap4j's static initializer, the second on the class it left uninitialized
            for (int attempt = 0; attempt < 2; attempt++) {
                assertThat(compile(loader))
                        .isExactlyInstanceOf(IllegalStateException.class)
                        .hasMessageStartingWith("BPF filters need libpcap (Debian package libpcap0.8)");
            }
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
    }

    @Test
    void theLibrariesAreOnThisTestsClassPath() throws Exception {
        // the cases above leave out jars that are there: otherwise they would test nothing
        assertThat(classPath()).anyMatch(PCAP4J).anyMatch(JNA);
    }

    /** What {@code HelloCheck.builder().filter("tcp").build()} throws. */
    private static Throwable buildWithFilter(ClassLoader loader) throws Exception {
        Class<?> helloCheck = Class.forName("io.hellocheck.HelloCheck", true, loader);
        Object builder = helloCheck.getMethod("builder").invoke(null);
        builder.getClass().getMethod("filter", String.class).invoke(builder, "tcp");
        return thrown(builder.getClass().getMethod("build"), builder);
    }

    /** What {@code BpfFilter.compile("tcp")} throws. */
    private static Throwable compile(ClassLoader loader) throws Exception {
        Class<?> filter = Class.forName(BpfFilter.class.getName(), true, loader);
        return thrown(filter.getMethod("compile", String.class), null);
    }

    private static Throwable thrown(Method method, Object target) throws IllegalAccessException {
        try {
            method.invoke(target, method.getParameterCount() == 0 ? new Object[0] : new Object[] {"tcp"});
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
        throw new AssertionError(method + " did not throw");
    }

    private static URLClassLoader classPathWithout(Predicate<String> leftOut, ClassLoader parent)
            throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath()) {
            if (!leftOut.test(entry)) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        return new URLClassLoader(urls.toArray(new URL[0]), parent);
    }

    private static List<String> classPath() {
        return List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    }
}
