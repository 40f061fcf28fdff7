package io.hellocheck.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Test helpers: hex resources and a small writer for building TLS structures by hand. */
final class TestBytes {
    private TestBytes() {
    }

    /** Parses hex, ignoring whitespace and '#' comment lines. */
    static byte[] hex(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.startsWith("#")) {
                sb.append(line.replaceAll("\\s+", ""));
            }
        }
        return HexFormat.of().parseHex(sb.toString());
    }

    /** A resource beside this class, as text. */
    static String resourceText(String name) {
        try (InputStream in = TestBytes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A hex resource beside this class. */
    static byte[] hexResource(String name) {
        return hex(resourceText(name));
    }

    /** Builds bytes: u8/u16/u24 and length-prefixed vectors, in the order written. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer u8(int v) {
            out.write(v);
            return this;
        }

        Writer u16(int v) {
            out.write(v >> 8);
            out.write(v);
            return this;
        }

        Writer u24(int v) {
            out.write(v >> 16);
            out.write(v >> 8);
            out.write(v);
            return this;
        }

        Writer raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        Writer zeros(int n) {
            return raw(new byte[n]);
        }

        Writer vec8(Writer inner) {
            byte[] b = inner.bytes();
            return u8(b.length).raw(b);
        }

        Writer vec16(Writer inner) {
            byte[] b = inner.bytes();
            return u16(b.length).raw(b);
        }

        /** An extension: type, then its data as a vector16. */
        Writer ext(int type, Writer data) {
            return u16(type).vec16(data);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    static Writer w() {
        return new Writer();
    }
}
