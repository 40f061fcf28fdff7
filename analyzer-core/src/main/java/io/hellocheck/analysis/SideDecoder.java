package io.hellocheck.analysis;

import io.hellocheck.tcp.Side;
import io.hellocheck.tls.ClientHello;
import io.hellocheck.tls.FrameSpan;
import io.hellocheck.tls.ServerHello;
import io.hellocheck.tls.TlsDecodeException;
import io.hellocheck.tls.TlsListener;
import io.hellocheck.tls.TlsNames;
import io.hellocheck.tls.TlsStreamDecoder;

/**
 * The listener of one side's {@link TlsStreamDecoder}: turns what the decoder read from that side's stream (TLS
 * records, RFC 8446 section 5 and RFC 5246 section 6.2; SSL 2.0 messages) into its {@link HandshakeAnalyzer}'s
 * events. It decodes the ClientHello and ServerHello bodies (a ServerHello cut by the snaplen as far as it goes),
 * routes the server's other handshake messages to its flight and the client's Certificate to the decryption, and
 * tells the server's ClientHello while its answer is awaited (a reflected ClientHello, a server acting as a TLS client
 * too). It keeps no handshake state: the analyzer's, which it decides through. One per side that sent bytes;
 * {@link #side} changes when the capture starts mid-connection and the ClientHello shows the roles.
 */
final class SideDecoder implements TlsListener {
    private final HandshakeAnalyzer analyzer;
    Side side;
    final TlsStreamDecoder decoder = new TlsStreamDecoder(this);

    SideDecoder(HandshakeAnalyzer analyzer, Side side, boolean ccsStartsEncryption) {
        this.analyzer = analyzer;
        this.side = side;
        decoder.setChangeCipherSpecStartsEncryption(ccsStartsEncryption);
    }

    @Override
    public void onHandshake(int type, byte[] body, int length, FrameSpan frames) {
        handshake(type, body, length, frames);
    }

    @Override
    public void onOversizedHandshake(int type, byte[] prefix, int length, FrameSpan frames) {
        ServerFlightTracker flight = analyzer.flight();
        if (side == Side.SERVER && flight != null && type == ServerFlightTracker.CERTIFICATE) {
            flight.oversizedCertificate(prefix, length, frames);
        } else {
            handshake(type, null, length, frames);
        }
    }

    @Override
    public void onTruncatedHandshake(int type, byte[] body, int have, int declared, FrameSpan frames) {
        if (side == Side.SERVER && type == HandshakeAnalyzer.HANDSHAKE_SERVER_HELLO) {
            truncatedServerHello(body, have, declared, frames);
        }
    }

    @Override
    public void onChangeCipherSpec(long frame, long timeNanos) {
        analyzer.changeCipherSpec(side, frame, timeNanos);
    }

    @Override
    public void onAlert(int level, int description, long frame, long timeNanos) {
        analyzer.alerts().alert(side, level, description, false, false, frame, timeNanos);
    }

    @Override
    public void onDecryptedHandshake(int type, byte[] body, int length, FrameSpan frames) {
        analyzer.decryptedHandshake(side, type, body, length, frames);
    }

    @Override
    public void onDecryptedAlert(int level, int description, long frame, long timeNanos) {
        if (!analyzer.done()) {
            analyzer.alerts().alert(side, level, description, false, true, frame, timeNanos);
        }
    }

    @Override
    public void onDecryptedRecord(int contentType, int plaintextLength, int length, long frame, long timeNanos) {
        analyzer.decryptedRecord(side, contentType, length, frame, timeNanos);
    }

    @Override
    public void onEncryptedRecord(int contentType, int length, long frame, long timeNanos) {
        Decryption decryption = analyzer.decryption();
        if (decryption != null && decryption.active() && !analyzer.done()) {
            analyzer.undecryptedRecord();
        }
        if (contentType == 21) {
            analyzer.alerts().alert(side, 0, -1, true, false, frame, timeNanos);
        } else {
            analyzer.encrypted(side, length, frame, timeNanos);
        }
    }

    @Override
    public void onNotTls(byte[] firstBytes, long frame, long timeNanos) {
        analyzer.notTls(side, firstBytes, frame, timeNanos);
    }

    @Override
    public void onProtocolError(String what, long frame, long timeNanos) {
        analyzer.add(frame, timeNanos, "TLS decoding of the " + side.label() + "'s stream stopped: " + what);
        if (side == Side.CLIENT && analyzer.clientHello() != null) {
            analyzer.clientDecodingStopped();
        }
    }

    @Override
    public void onSslV2Message(int msgType, byte[] body, int length, FrameSpan frames) {
        SslV2Messages.message(analyzer, side, msgType, body, length, frames);
    }

    private void handshake(int type, byte[] body, int length, FrameSpan frames) {
        if (side == Side.CLIENT && type == HandshakeAnalyzer.HANDSHAKE_CLIENT_HELLO) {
            clientHello(body, length, frames);
            return;
        }
        if (side == Side.SERVER && type == HandshakeAnalyzer.HANDSHAKE_SERVER_HELLO) {
            serverHello(body, length, frames);
            return;
        }
        ServerFlightTracker flight = analyzer.flight();
        if (side == Side.SERVER && flight != null) {
            flight.message(type, body, length, frames);
            return;
        }
        Decryption decryption = analyzer.decryption();
        if (side == Side.CLIENT && decryption != null && type == Decryption.CERTIFICATE) {
            decryption.plaintextClientCertificate(body, length, frames);
            return;
        }
        HelloInfo clientHello = analyzer.clientHello();
        if (side != Side.SERVER || !analyzer.awaitsAnswer() || clientHello == null) {
            return;
        }
        long frame = frames.firstFrame();
        long time = frames.firstTimeNanos();
        if (type == HandshakeAnalyzer.HANDSHAKE_CLIENT_HELLO && clientHello.hello() != null && length >= 34
                && ReflectedHello.same(body, 2, clientHello.hello().random())) {
            analyzer.reacted(time);
            analyzer.add(frame, time, ReflectedHello.EVIDENCE);
            analyzer.decide(Outcome.NON_TLS_RESPONSE, ReflectedHello.reason(frame, clientHello.frame()));
        } else if (type == HandshakeAnalyzer.HANDSHAKE_CLIENT_HELLO) {
            // the server acts as a TLS client too (stunnel's client = yes on the accepting side): it does not answer
            // as a TLS server
            analyzer.reacted(time);
            analyzer.add(frame, time, Texts.serverClientHello("TLS"));
            analyzer.decide(Outcome.NON_TLS_RESPONSE, Texts.roleConflict("TLS", frame));
        } else {
            analyzer.add(frame, time, "server sent " + TlsNames.handshakeType(type) + " before any ServerHello");
        }
    }

    private void clientHello(byte[] body, int length, FrameSpan frames) {
        ClientHello hello = null;
        String error = null;
        if (body == null) {
            error = "ClientHello of " + length + " bytes is too large to decode";
        } else {
            try {
                hello = ClientHello.parse(body, 0, length);
            } catch (TlsDecodeException e) {
                error = e.getMessage();
            }
        }
        analyzer.acceptClientHello(hello, error, length + 4, frames);
    }

    private void serverHello(byte[] body, int length, FrameSpan frames) {
        ServerHello hello;
        try {
            if (body == null) {
                throw new TlsDecodeException("ServerHello too large", 0);
            }
            hello = ServerHello.parse(body, 0, length);
        } catch (TlsDecodeException e) {
            analyzer.add(frames.firstFrame(), frames.firstTimeNanos(), "undecodable ServerHello: " + e.getMessage());
            return;
        }
        analyzer.acceptServerHello(hello, frames);
    }

    /** A ServerHello whose rest is missing from the capture (snaplen): decoded as far as it goes, when it can be. */
    private void truncatedServerHello(byte[] body, int have, int declared, FrameSpan frames) {
        try {
            ServerHello hello = ServerHello.parseTruncated(body, 0, have, declared);
            analyzer.add(frames.firstFrame(), frames.firstTimeNanos(), "ServerHello cut after " + have + " of its "
                    + declared + " bytes (snaplen, or bytes not captured): decoded as far as it goes");
            analyzer.acceptServerHello(hello, frames);
        } catch (TlsDecodeException e) {
            analyzer.add(frames.firstFrame(), frames.firstTimeNanos(), "ServerHello cut after " + have
                    + " bytes, before its cipher suite: " + e.getMessage());
        }
    }
}
