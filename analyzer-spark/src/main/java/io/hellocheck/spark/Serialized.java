package io.hellocheck.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Base64;

/** A partial aggregate as one line of text (Base64 of its Java serialization), for the intermediate files. */
final class Serialized {
    private Serialized() {
    }

    static String line(Serializable o) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // no I/O into a byte array
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /**
     * The object of a {@link #line}.
     *
     * @throws IllegalArgumentException when the line is not one of ours
     */
    static <T> T read(String line, Class<T> type) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(line)))) {
            return type.cast(in.readObject());
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new IllegalArgumentException("not a serialized " + type.getSimpleName() + ": " + e, e);
        }
    }
}
