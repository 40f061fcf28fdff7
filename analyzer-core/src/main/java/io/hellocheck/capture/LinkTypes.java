package io.hellocheck.capture;

/**
 * Link-layer header type values: the LINKTYPE_* values stored in capture files (tcpdump.org registry)
 * and their mapping to the platform's DLT_* values that libpcap uses in memory.
 */
public final class LinkTypes {

    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    public static final int PPP = 9;
    public static final int RAW = 101;
    public static final int LOOP = 108;
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int LINUX_SLL2 = 276;

    private LinkTypes() {
    }

    /**
     * The DLT_* value libpcap on Linux uses for a LINKTYPE_* value, as libpcap's {@code linktype_to_dlt}
     * does when it reads a file: most values are the same; LINKTYPE_RAW (101) is DLT_RAW (12), and a few
     * old BSD and ATM types differ.
     */
    public static int toDlt(int linkType) {
        switch (linkType) {
            case 100: return 11;  // ATM_RFC1483
            case RAW: return 12;  // DLT_RAW on Linux and most systems
            case 102: return 15;  // SLIP_BSDOS
            case 103: return 16;  // PPP_BSDOS
            case 106: return 19;  // ATM_CLIP (Linux)
            default: return linkType;
        }
    }
}
