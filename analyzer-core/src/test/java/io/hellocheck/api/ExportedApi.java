package io.hellocheck.api;

import io.hellocheck.HelloCheck;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The exported packages, read from the compiled module-info, and their public types, found in target/classes. */
final class ExportedApi {
    private ExportedApi() {
    }

    static Path classes() throws URISyntaxException {
        return Path.of(HelloCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    static Set<String> packages() throws IOException, URISyntaxException {
        try (InputStream in = Files.newInputStream(classes().resolve("module-info.class"))) {
            Set<String> out = new TreeSet<>();
            ModuleDescriptor.read(in).exports().forEach(e -> {
                if (!e.isQualified()) {
                    out.add(e.source());
                }
            });
            return out;
        }
    }

    /** Every public type of the exported packages, nested public types included, sorted by name. */
    static List<Class<?>> types() throws IOException, URISyntaxException, ClassNotFoundException {
        List<Class<?>> out = new ArrayList<>();
        for (String pkg : packages()) {
            Path dir = classes().resolve(pkg.replace('.', '/'));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    String file = f.getFileName().toString();
                    if (!file.endsWith(".class") || file.equals("package-info.class")) {
                        continue;
                    }
                    Class<?> c = Class.forName(pkg + "." + file.substring(0, file.length() - 6), false,
                            HelloCheck.class.getClassLoader());
                    if (visible(c)) {
                        out.add(c);
                    }
                }
            }
        }
        out.sort((a, b) -> a.getName().compareTo(b.getName()));
        return out;
    }

    /** Public, and (for a nested type) in public types all the way out; anonymous and local classes are not. */
    static boolean visible(Class<?> c) {
        if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) {
            return false;
        }
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers())) {
                return false;
            }
        }
        return true;
    }
}
