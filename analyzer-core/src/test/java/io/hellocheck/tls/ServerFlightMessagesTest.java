package io.hellocheck.tls;

import static io.hellocheck.tls.TestBytes.w;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * ServerKeyExchange (RFC 5246 section 7.4.3, RFC 8422 section 5.4, RFC 4279 section 2), CertificateRequest
 * (RFC 5246 section 7.4.4, RFC 4346 section 7.4.4) and NewSessionTicket (RFC 5077 section 3.3) built by hand.
 */
class ServerFlightMessagesTest {

    @Test
    void ecdheNamedCurveWithATls12Signature() throws TlsDecodeException {
        // ECParameters: curve_type named_curve(3), namedcurve secp256r1 (23); ECPoint of 65 bytes;
        // DigitallySigned: SignatureAndHashAlgorithm rsa_pkcs1_sha256 (0x0401), signature<2^16-1>
        byte[] b = w().u8(3).u16(23).vec8(w().zeros(65)).u16(0x0401).vec16(w().zeros(256)).bytes();
        ServerKeyExchange k = ServerKeyExchange.parse(b, 0, b.length, 0xc02f, 0x0303);
        assertThat(k.kind()).isEqualTo("ECDHE");
        assertThat(k.namedCurve()).isEqualTo(23);
        assertThat(k.publicKeyBytes()).isEqualTo(65);
        assertThat(k.signatureScheme()).isEqualTo(0x0401);
        // TLS 1.0: the signature has no algorithm field
        ServerKeyExchange old = ServerKeyExchange.parse(b, 0, b.length, 0xc013, 0x0301);
        assertThat(old.signatureScheme()).isEqualTo(-1);
    }

    @Test
    void dhePrimeSize() throws TlsDecodeException {
        byte[] p = new byte[256];
        p[0] = (byte) 0xff; // a 2048-bit prime
        byte[] b = w().vec16(w().raw(p)).vec16(w().u8(2)).vec16(w().zeros(256)).u16(0x0401).vec16(w().zeros(256))
                .bytes();
        ServerKeyExchange k = ServerKeyExchange.parse(b, 0, b.length, 0x009e, 0x0303);
        assertThat(k.kind()).isEqualTo("DHE");
        assertThat(k.dhPrimeBits()).isEqualTo(2048);
        assertThat(k.namedCurve()).isEqualTo(-1);
        // a leading zero byte does not count
        byte[] q = new byte[129];
        q[1] = 0x40;
        byte[] b2 = w().vec16(w().raw(q)).vec16(w().u8(2)).vec16(w().zeros(128)).bytes();
        assertThat(ServerKeyExchange.parse(b2, 0, b2.length, 0x0033, 0x0301).dhPrimeBits()).isEqualTo(1023);
    }

    @Test
    void pskHintComesFirstAndAnonymousSuitesAreNotSigned() throws TlsDecodeException {
        // TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256 (0xc037): psk_identity_hint, then ServerECDHParams
        byte[] b = w().vec16(w().raw("hint".getBytes())).u8(3).u16(29).vec8(w().zeros(32)).bytes();
        ServerKeyExchange k = ServerKeyExchange.parse(b, 0, b.length, 0xc037, 0x0303);
        assertThat(k.namedCurve()).isEqualTo(29);
        assertThat(k.signatureScheme()).isEqualTo(-1);
        // TLS_ECDH_anon_WITH_AES_128_CBC_SHA (0xc018)
        byte[] a = w().u8(3).u16(24).vec8(w().zeros(97)).bytes();
        assertThat(ServerKeyExchange.parse(a, 0, a.length, 0xc018, 0x0303).namedCurve()).isEqualTo(24);
        // plain PSK: only the hint
        byte[] p = w().vec16(w()).bytes();
        assertThat(ServerKeyExchange.parse(p, 0, p.length, 0x008c, 0x0303).kind()).isEqualTo("PSK");
    }

    @Test
    void explicitCurvesAndMalformedBodies() throws TlsDecodeException {
        byte[] explicit = w().u8(1).zeros(40).bytes();
        ServerKeyExchange k = ServerKeyExchange.parse(explicit, 0, explicit.length, 0xc02b, 0x0303);
        assertThat(k.curveType()).isEqualTo(1);
        assertThat(k.namedCurve()).isEqualTo(-1);
        byte[] cut = w().u8(3).u16(23).u8(65).zeros(10).bytes();
        assertThatThrownBy(() -> ServerKeyExchange.parse(cut, 0, cut.length, 0xc02f, 0x0303))
                .isInstanceOf(TlsDecodeException.class);
        byte[] unknownType = w().u8(9).bytes();
        assertThatThrownBy(() -> ServerKeyExchange.parse(unknownType, 0, 1, 0xc02f, 0x0303))
                .isInstanceOf(TlsDecodeException.class);
    }

    @Test
    void certificateRequestOfTls12AndTls10() throws TlsDecodeException {
        // certificate_types rsa_sign(1) ecdsa_sign(64); supported_signature_algorithms; two DNs
        byte[] b = w().vec8(w().u8(1).u8(64)).vec16(w().u16(0x0401).u16(0x0403))
                .vec16(w().vec16(w().zeros(10)).vec16(w().zeros(20))).bytes();
        CertificateRequest r = CertificateRequest.parse(b, 0, b.length, 0x0303);
        assertThat(r.certificateTypes()).containsExactly(1, 64);
        assertThat(r.signatureAlgorithms()).containsExactly(0x0401, 0x0403);
        assertThat(r.authorities()).isEqualTo(2);
        byte[] old = w().vec8(w().u8(1)).vec16(w()).bytes();
        CertificateRequest r10 = CertificateRequest.parse(old, 0, old.length, 0x0301);
        assertThat(r10.signatureAlgorithms()).isEmpty();
        assertThat(r10.authorities()).isZero();
        assertThatThrownBy(() -> CertificateRequest.parse(old, 0, old.length, 0x0303))
                .isInstanceOf(TlsDecodeException.class);
    }

    @Test
    void newSessionTicket() throws TlsDecodeException {
        byte[] b = w().u16(0).u16(7200).vec16(w().zeros(160)).bytes();
        NewSessionTicket t = NewSessionTicket.parse(b, 0, b.length);
        assertThat(t.lifetimeHintSeconds()).isEqualTo(7200);
        assertThat(t.ticketBytes()).isEqualTo(160);
        byte[] big = w().u16(0xffff).u16(0xffff).vec16(w()).bytes();
        assertThat(NewSessionTicket.parse(big, 0, big.length).lifetimeHintSeconds()).isEqualTo(0xffffffffL);
    }
}
