package io.hellocheck.analysis;

import io.hellocheck.dtls.DtlsFlow;
import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.FrameSpan;
import java.util.Arrays;
import java.util.List;

/**
 * The clear-text flight a DTLS 1.0 or 1.2 server sends after its ServerHello (Certificate, ServerKeyExchange,
 * CertificateRequest, ServerHelloDone: RFC 6347 section 4.2.4, flight 4), read as over TCP by
 * {@link ServerFlightTracker}, so that a DTLS record's diagnosis sees the certificate the client judged and the
 * CertificateRequest the server sent (RFC 5246 section 7.4, which DTLS 1.2 takes over: RFC 6347 section 4.2).
 */
final class DtlsServerFlight {
    private DtlsServerFlight() {
    }

    /**
     * The server's flight of {@code f}, one evidence line per decoded message added to {@code ev}; null without a
     * ServerHello. DTLS 1.3 encrypts all of it after the ServerHello (RFC 9147 section 5): the flight then holds
     * the ServerHello only.
     *
     * @param clientHello the ClientHello the ServerHello answers, or null when it did not decode
     */
    static ServerFlight read(DtlsFlow f, ClientHello clientHello, List<Evidence> ev) {
        if (f.serverHello() == null) {
            return null;
        }
        int version = DtlsFlow.tlsVersion(f.serverHello().negotiatedVersion());
        ServerFlightTracker t = new ServerFlightTracker((frame, time, what) -> ev.add(new Evidence(frame, time, what)),
                clientHello, f.serverHello(), version == 0x0304);
        for (DtlsFlow.Message m : f.serverFlight()) {
            byte[] body = Arrays.copyOfRange(m.bytes(), 4, m.bytes().length);
            long[] frames = m.frames().stream().mapToLong(Long::longValue).toArray();
            t.message(m.type(), body, body.length, new FrameSpan(frames, m.first().timeNanos(), m.last().frame(),
                    m.last().timeNanos()));
        }
        if (f.serverChangeCipherSpec() != null) {
            t.serverChangeCipherSpec();
        }
        return t.snapshot();
    }
}
