package io.hellocheck.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The exported API's signatures are those of the committed baseline, so that a change to the API is always a
 * visible diff: every public or protected type, constructor, method and field of the exported packages, one
 * line each, sorted. To accept a change, run this test with {@code -Dhellocheck.updateApi=true} and commit
 * the file.
 */
class ApiBaselineTest {
    static final String BASELINE = "analyzer-core/src/test/resources/api/hellocheck-api.txt";
    static final int MAX_TYPES = 30;

    static Path root() {
        String r = System.getProperty("hellocheck.root");
        return r == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(r);
    }

    @Test
    void onlyTheApiPackagesAreExported() throws Exception {
        assertThat(ExportedApi.packages()).containsExactly("io.hellocheck", "io.hellocheck.render",
                "io.hellocheck.result");
    }

    @Test
    void atMostThirtyExportedTypes() throws Exception {
        assertThat(ExportedApi.types()).hasSizeLessThanOrEqualTo(MAX_TYPES);
    }

    @Test
    void signaturesMatchTheBaseline() throws Exception {
        String now = render();
        Path file = root().resolve(BASELINE);
        if (Boolean.getBoolean("hellocheck.updateApi")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, now, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        assertThat(now).as("the exported API changed; if that is intended, run `mvn -B -o -q -pl analyzer-core test "
                + "-Dtest=ApiBaselineTest -Dhellocheck.updateApi=true` and commit " + BASELINE).isEqualTo(committed);
    }

    static String render() throws Exception {
        TreeSet<String> lines = new TreeSet<>();
        for (Class<?> c : ExportedApi.types()) {
            lines.add(c.getName() + " : " + header(c));
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (shown(k.getModifiers()) && !k.isSynthetic()) {
                    lines.add(c.getName() + " : " + modifiers(k.getModifiers()) + "<init>" + params(k));
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (shown(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                    lines.add(c.getName() + " : " + modifiers(m.getModifiers()) + type(m.getGenericReturnType())
                            + " " + m.getName() + params(m) + exceptions(m));
                }
            }
            for (Field f : c.getDeclaredFields()) {
                if (shown(f.getModifiers()) && !f.isSynthetic()) {
                    lines.add(c.getName() + " : " + modifiers(f.getModifiers()) + type(f.getGenericType()) + " "
                            + f.getName());
                }
            }
        }
        return String.join("\n", lines) + "\n";
    }

    private static boolean shown(int mod) {
        return Modifier.isPublic(mod) || Modifier.isProtected(mod);
    }

    private static String header(Class<?> c) {
        String kind = c.isAnnotation() ? "@interface" : c.isInterface() ? "interface" : c.isEnum() ? "enum"
                : c.isRecord() ? "record" : "class";
        int mod = c.getModifiers() & ~(Modifier.INTERFACE | Modifier.ABSTRACT * (c.isInterface() ? 1 : 0));
        String s = modifiers(mod) + kind + " " + c.getName();
        if (c.getGenericSuperclass() != null && c.getSuperclass() != Object.class && !c.isEnum()
                && !c.isRecord()) {
            s += " extends " + type(c.getGenericSuperclass());
        }
        if (c.getGenericInterfaces().length > 0) {
            s += (c.isInterface() ? " extends " : " implements ") + Arrays.stream(c.getGenericInterfaces())
                    .map(ApiBaselineTest::type).collect(Collectors.joining(", "));
        }
        return s;
    }

    private static String modifiers(int mod) {
        String s = Modifier.toString(mod & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC | Modifier.FINAL
                | Modifier.ABSTRACT));
        return s.isEmpty() ? "" : s + " ";
    }

    private static String params(Executable e) {
        List<String> ps = new ArrayList<>();
        Type[] types = e.getGenericParameterTypes();
        for (int i = 0; i < types.length; i++) {
            String t = type(types[i]);
            if (e.isVarArgs() && i == types.length - 1) {
                t = t.substring(0, t.length() - 2) + "...";
            }
            ps.add(t);
        }
        return "(" + String.join(", ", ps) + ")";
    }

    private static String exceptions(Method m) {
        Type[] ex = m.getGenericExceptionTypes();
        return ex.length == 0 ? "" : " throws " + Arrays.stream(ex).map(ApiBaselineTest::type)
                .collect(Collectors.joining(", "));
    }

    private static String type(Type t) {
        return t.getTypeName();
    }
}
