package io.hellocheck.profile;

/** The formats {@link ServerProfiles#read} recognises, by content. */
public enum ProfileFormat {
    /**
     * One IANA or OpenSSL cipher suite name per line ({@code #} comments, blank lines), or OpenSSL cipher
     * strings separated by colons or commas ({@code ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384}),
     * or code points ({@code 0xc02f}, {@code 0xC0,0x2F}). Suites only.
     */
    CIPHER_LIST("cipher suite list"),
    /** {@code testssl.sh --jsonfile} (flat array of findings) or {@code --jsonfile-pretty} output. */
    TESTSSL_JSON("testssl.sh JSON output"),
    /** {@code nmap --script ssl-enum-ciphers -oX} output. */
    NMAP_XML("nmap ssl-enum-ciphers XML output"),
    /** The text PowerShell prints for {@code Get-TlsCipherSuite} (its default list format). */
    POWERSHELL_TLS_CIPHER_SUITE("PowerShell Get-TlsCipherSuite output");

    private final String description;

    ProfileFormat(String description) {
        this.description = description;
    }

    /** For people: "testssl.sh JSON output". */
    public String description() {
        return description;
    }
}
