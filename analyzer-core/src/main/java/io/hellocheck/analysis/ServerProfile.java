package io.hellocheck.analysis;

import io.hellocheck.tls.TlsNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * What a server is configured to accept, given by the user (the CLI's {@code --server-profile FILE}).
 *
 * <p>This first form is a plain list of cipher suites, IANA names ({@code TLS_AES_128_GCM_SHA256}) or
 * OpenSSL names ({@code ECDHE-RSA-AES128-GCM-SHA256}), one per line; lines may also hold several names
 * separated by {@code :}, {@code ,} or blanks (the output of {@code openssl ciphers}); {@code #} starts a
 * comment. The profile applies to every server of the analyzed captures. Immutable.
 *
 * @param name         where the profile came from (the file name as given), written into the records
 * @param cipherSuites the suites' code points, in file order, without duplicates
 */
public record ServerProfile(String name, List<Integer> cipherSuites) {

    public ServerProfile {
        Objects.requireNonNull(name, "name");
        cipherSuites = List.copyOf(cipherSuites);
    }

    /**
     * Reads a profile file.
     *
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when a name is unknown or the file names no suite, with the line number
     */
    public static ServerProfile read(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Parses a profile's text.
     *
     * @param name the profile's name (a file name), used in messages and records
     * @throws IllegalArgumentException when a name is unknown or the text names no suite, with the line number
     */
    public static ServerProfile parse(String name, String text) {
        LinkedHashSet<Integer> suites = new LinkedHashSet<>();
        String[] lines = text.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            for (String token : line.split("[:,\\s]+")) {
                if (token.isEmpty()) {
                    continue;
                }
                int code = TlsNames.cipherSuiteCode(token);
                if (code < 0 && token.matches("(?i)0x[0-9a-f]{4}")) {
                    code = Integer.parseInt(token.substring(2), 16);
                }
                if (code < 0) {
                    throw new IllegalArgumentException(name + " line " + (i + 1) + ": unknown cipher suite '"
                            + token + "'");
                }
                suites.add(code);
            }
        }
        if (suites.isEmpty()) {
            throw new IllegalArgumentException(name + ": names no cipher suite");
        }
        return new ServerProfile(name, new ArrayList<>(suites));
    }
}
