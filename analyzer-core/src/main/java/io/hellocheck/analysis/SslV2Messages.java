package io.hellocheck.analysis;

import io.hellocheck.tcp.Side;
import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.FrameSpan;
import io.hellocheck.tls.SslV2;
import io.hellocheck.tls.TlsDecodeException;
import io.hellocheck.tls.TlsNames;

/**
 * The SSL 2.0 messages of a handshake (draft-hickman-netscape-ssl-00; RFC 6176 prohibits the protocol): the SSLv2 or
 * SSLv2-compatible CLIENT-HELLO, the SERVER-HELLO, the CLIENT-MASTER-KEY that names the cipher the client chose, and
 * ERROR, which ends the handshake as an alert would; the encrypted messages after the keys count as encrypted records.
 * Stateless: the SSL 2.0 handshake's state is its {@link HandshakeAnalyzer}'s, which it decides through. Lengths are in
 * bytes.
 */
final class SslV2Messages {
    private SslV2Messages() {
    }

    /** One SSL 2.0 message of {@code length} bytes; {@code type} below 0 for an encrypted one. */
    static void message(HandshakeAnalyzer analyzer, Side from, int type, byte[] body, int length, FrameSpan frames) {
        long frame = frames.firstFrame();
        long time = frames.firstTimeNanos();
        if (type < 0) {
            analyzer.encrypted(from, length, frame, time);
            return;
        }
        try {
            if (from == Side.CLIENT && type == SslV2.CLIENT_HELLO) {
                ClientHello hello = null;
                String error = null;
                try {
                    hello = SslV2.clientHello(body, 0, length);
                } catch (TlsDecodeException e) {
                    error = "SSLv2 CLIENT-HELLO: " + e.getMessage();
                }
                analyzer.acceptClientHello(hello, error, length, frames);
            } else if (from == Side.SERVER && type == SslV2.SERVER_HELLO) {
                analyzer.acceptSslV2ServerHello(SslV2.serverHello(body, 0, length), frames);
            } else if (from == Side.CLIENT && type == SslV2.CLIENT_MASTER_KEY) {
                int spec = SslV2.clientMasterKeyCipher(body, 0, length);
                analyzer.add(frame, time, "SSLv2 CLIENT-MASTER-KEY: the client chose " + TlsNames.cipherSuite(spec));
                analyzer.sslV2CipherChosen(spec);
            } else if (type == SslV2.ERROR) {
                String error = SslV2.errorName(SslV2.errorCode(body, 0, length));
                analyzer.add(frame, time, "SSLv2 ERROR from " + from.label() + ": " + error);
                if (from == Side.SERVER && analyzer.awaitsAnswer()) {
                    analyzer.reacted(time);
                    analyzer.decide(Outcome.SERVER_ALERT, "The server answered the SSLv2 CLIENT-HELLO with an SSLv2 "
                            + "ERROR (" + error + ") instead of a SERVER-HELLO.");
                } else if (analyzer.awaitsEncryption()) {
                    analyzer.decide(Outcome.FAILED_AFTER_SERVER_HELLO, "The handshake failed after the SERVER-HELLO: "
                            + "the " + from.label() + " sent an SSLv2 ERROR (" + error + ").");
                }
            }
        } catch (TlsDecodeException e) {
            analyzer.add(frame, time, "undecodable SSLv2 message from " + from.label() + ": " + e.getMessage());
        }
    }
}
