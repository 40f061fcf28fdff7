import java.io.FileInputStream;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.luminis.quic.QuicClientConnection;
import net.luminis.quic.QuicConnection;
import net.luminis.quic.QuicConnection.QuicVersion;
import net.luminis.quic.log.NullLogger;
import net.luminis.quic.server.ApplicationProtocolConnection;
import net.luminis.quic.server.ApplicationProtocolConnectionFactory;
import net.luminis.quic.server.ServerConnectionConfig;
import net.luminis.quic.server.ServerConnector;

/**
 * The scenario lab's QUIC server and client (Kwik 0.9.1, RFC 9000 / RFC 9001).
 *
 * <pre>
 * java -cp KWIK QuicLab.java server ADDRESS PORT CERT.pem KEY.pem ALPN retry|noretry V1|V2|V1,V2
 *     serves until killed; speaks only the ALPN protocol ALPN and the QUIC versions listed (a client's
 *     Initial of another version gets a Version Negotiation packet); "retry" requires a Retry round first
 * java -cp KWIK QuicLab.java client https://HOST:PORT ALPN V1|V2 TRUST.pem SECRETS_FILE TIMEOUT_S
 *     connects (HOST may be a name of -Djdk.net.hosts.file) starting with the given version, trusting the
 *     certificates of TRUST.pem only, adds its TLS secrets to SECRETS_FILE (NSS key log lines,
 *     for tshark's tls.keylog_file), prints how the connect ended (standard error); exit 0 when connected, 1 when not
 * </pre>
 */
public class QuicLab {
    public static void main(String[] args) throws Exception {
        if (args.length == 8 && args[0].equals("server")) {
            server(args);
        } else if (args.length == 7 && args[0].equals("client")) {
            System.exit(client(args) ? 0 : 1);
        } else {
            System.err.println("usage: QuicLab server ADDRESS PORT CERT KEY ALPN retry|noretry VERSIONS"
                    + " | client URI ALPN VERSION TRUST.pem SECRETS TIMEOUT_S");
            System.exit(2);
        }
    }

    private static void server(String[] a) throws Exception {
        int port = Integer.parseInt(a[2]);
        ServerConnectionConfig config = ServerConnectionConfig.builder()
                .maxIdleTimeoutInSeconds(10)
                .maxOpenPeerInitiatedBidirectionalStreams(10)
                .maxConnectionBufferSize(1_000_000)
                .maxBidirectionalStreamBufferSize(100_000)
                .retryRequired(a[6].equals("retry"))
                .build();
        List<QuicVersion> versions = new ArrayList<>();
        for (String v : a[7].split(",")) {
            versions.add(QuicVersion.valueOf(v));
        }
        ServerConnector server = ServerConnector.builder()
                .withPort(port)
                .withSocket(new DatagramSocket(port, InetAddress.getByName(a[1])))
                .withCertificate(new FileInputStream(a[3]), new FileInputStream(a[4]))
                .withSupportedVersions(versions)
                .withConfiguration(config)
                .withLogger(new NullLogger())
                .build();
        server.registerApplicationProtocol(a[5], new ApplicationProtocolConnectionFactory() {
            @Override
            public ApplicationProtocolConnection createConnection(String protocol, QuicConnection connection) {
                return new ApplicationProtocolConnection() { };
            }
        });
        server.start();
        System.out.println("QUIC server on " + a[1] + ":" + port + ", ALPN " + a[5] + ", versions " + versions
                + (a[6].equals("retry") ? ", Retry required" : ""));
        Thread.currentThread().join();
    }

    private static boolean client(String[] a) throws Exception {
        // Kwik starts its secrets file anew for each connection: it writes a file of its own, added to the key log
        Path secrets = Files.createTempFile("quiclab", ".keys");
        Files.delete(secrets);
        try {
            return connect(a, secrets);
        } finally {
            if (Files.exists(secrets)) {
                Files.write(Path.of(a[5]), Files.readAllBytes(secrets), StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                Files.delete(secrets);
            }
        }
    }

    private static boolean connect(String[] a, Path secrets) throws Exception {
        QuicClientConnection.Builder b = QuicClientConnection.newBuilder()
                .uri(URI.create(a[1]))
                .applicationProtocol(a[2])
                .version(QuicVersion.valueOf(a[3]))
                .secrets(secrets)
                .connectTimeout(Duration.ofSeconds(Integer.parseInt(a[6])))
                .customTrustStore(trustStore(a[4]));
        QuicClientConnection c = b.build();
        try {
            c.connect();
            System.err.println("QUIC connected (" + a[3] + ", ALPN " + a[2] + ")");
            Thread.sleep(300);
            c.close();
            Thread.sleep(300);
            return true;
        } catch (Exception e) {
            System.err.println("QUIC failed: " + e);
            Thread.sleep(300);
            return false;
        }
    }

    /** A key store trusting every certificate of the PEM file. */
    private static KeyStore trustStore(String pem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = new FileInputStream(pem)) {
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("trusted" + i++, cert);
            }
        }
        return ks;
    }
}
