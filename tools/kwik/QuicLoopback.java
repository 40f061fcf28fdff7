import java.io.FileInputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import net.luminis.quic.QuicClientConnection;
import net.luminis.quic.QuicConnection;
import net.luminis.quic.server.ApplicationProtocolConnection;
import net.luminis.quic.server.ApplicationProtocolConnectionFactory;
import net.luminis.quic.server.ServerConnectionConfig;
import net.luminis.quic.server.ServerConnector;

/**
 * A Kwik 0.9.1 QUIC server and client on 127.0.0.1: the server speaks only the ALPN protocol "hq-interop" and
 * may require a Retry; the client asks for the given ALPN protocol. Prints how the client's connect ended.
 *
 * Usage: java -cp KWIK_CLASSPATH QuicLoopback.java PORT CERT.pem KEY.pem CLIENT_ALPN retry|noretry
 */
public class QuicLoopback {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        ServerConnectionConfig config = ServerConnectionConfig.builder()
                .maxIdleTimeoutInSeconds(5)
                .maxOpenPeerInitiatedBidirectionalStreams(10)
                .maxConnectionBufferSize(1_000_000)
                .maxBidirectionalStreamBufferSize(100_000)
                .retryRequired(args[4].equals("retry"))
                .build();
        ServerConnector server = ServerConnector.builder()
                .withPort(port)
                .withSocket(new DatagramSocket(port, InetAddress.getByName("127.0.0.1")))
                .withCertificate(new FileInputStream(args[1]), new FileInputStream(args[2]))
                .withConfiguration(config)
                .withLogger(new net.luminis.quic.log.NullLogger())
                .build();
        server.registerApplicationProtocol("hq-interop", new ApplicationProtocolConnectionFactory() {
            @Override
            public ApplicationProtocolConnection createConnection(String protocol, QuicConnection connection) {
                return new ApplicationProtocolConnection() { };
            }
        });
        server.start();
        QuicClientConnection c = QuicClientConnection.newBuilder()
                .uri(URI.create("https://localhost:" + port))
                .applicationProtocol(args[3])
                .noServerCertificateCheck()
                .connectTimeout(Duration.ofSeconds(3))
                .build();
        try {
            c.connect();
            System.out.println("QUIC connected with " + args[3]);
            Thread.sleep(500);
            c.close();
        } catch (Exception e) {
            System.out.println("QUIC failed: " + e);
        }
        Thread.sleep(500);
        server.close();
        System.exit(0);
    }
}
