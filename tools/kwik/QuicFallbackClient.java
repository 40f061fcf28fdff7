import java.net.URI;
import java.time.Duration;
import net.luminis.quic.QuicClientConnection;

/**
 * What a browser does when UDP 443 is blocked: tries HTTP/3 (a real QUIC client, Kwik 0.9.1) and, when the
 * QUIC handshake times out, falls back to TLS over TCP (the script runs openssl s_client next). Prints what
 * happened; exits 0 when the QUIC connection failed as expected.
 *
 * Usage: java -cp KWIK_CLASSPATH QuicFallbackClient.java https://HOST:443 TIMEOUT_SECONDS
 */
public class QuicFallbackClient {
    public static void main(String[] args) throws Exception {
        QuicClientConnection c = QuicClientConnection.newBuilder()
                .uri(URI.create(args[0]))
                .applicationProtocol("h3")
                .noServerCertificateCheck()
                .connectTimeout(Duration.ofSeconds(Integer.parseInt(args[1])))
                .build();
        try {
            c.connect();
            System.out.println("QUIC connected: UDP 443 is not blocked");
            System.exit(1);
        } catch (Exception e) {
            System.out.println("QUIC failed: " + e);
        }
        System.exit(0);
    }
}
