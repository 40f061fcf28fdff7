package io.hellocheck.analysis;

import io.hellocheck.engine.CaptureResult;
import io.hellocheck.engine.HelloCheck;
import io.hellocheck.tls.decrypt.KeyLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The team lab's captures in {@code lab/} (breaker3's netns lab: Chromium 156, Node.js 20, curl against nginx 1.22 and
 * Apache 2.4), each with what the client printed (Chromium's net log, Node's error) quoted in the test that reads it.
 */
final class LabCaptures {
    private LabCaptures() {
    }

    /** Analyzes {@code lab/NAME}, with {@code lab/KEYS} as the key log when not null. */
    static CaptureResult analyze(String name, String keys) {
        try (InputStream in = LabCaptures.class.getResourceAsStream("lab/" + name)) {
            HelloCheck.Builder b = HelloCheck.builder();
            if (keys != null) {
                try (InputStream k = LabCaptures.class.getResourceAsStream("lab/" + keys)) {
                    b.keyLog(KeyLog.parse(k.readAllBytes()));
                }
            }
            return b.build().analyze(in, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record of tcp.stream {@code stream}. */
    static ConnectionRecord stream(CaptureResult r, int stream) {
        return r.connections().stream().filter(c -> c.tcpStream() == stream).findFirst().orElseThrow();
    }
}
