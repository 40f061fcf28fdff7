package io.hellocheck.frame;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Text and {@link InetAddress} forms of the two-long addresses of {@link PacketView}.
 *
 * <p>An address is 128 bits as {@code hi} (first 8 bytes, big-endian) and {@code lo} (last 8 bytes); an
 * IPv4 address {@code a.b.c.d} is held as the IPv4-mapped address {@code ::ffff:a.b.c.d}.
 */
public final class IpAddresses {

    private static final long MAPPED_MASK = 0xFFFF_FFFF_0000_0000L;
    private static final long MAPPED_PREFIX = 0x0000_FFFF_0000_0000L;

    private IpAddresses() {
    }

    /** Whether {@code (hi, lo)} is an IPv4-mapped address, the form IPv4 addresses are stored in. */
    public static boolean isIpv4Mapped(long hi, long lo) {
        return hi == 0 && (lo & MAPPED_MASK) == MAPPED_PREFIX;
    }

    /** The (hi, lo) form of an IPv4 address given as a 32-bit value ({@code a << 24 | b << 16 | c << 8 | d}). */
    public static long ipv4Lo(int ipv4) {
        return MAPPED_PREFIX | (ipv4 & 0xFFFF_FFFFL);
    }

    /**
     * The address as text: an IPv4 dotted quad for IPv4-mapped values, else RFC 5952 canonical IPv6 text
     * (lowercase hex, no leading zeros, the longest run of two or more zero groups shortened to "::", the
     * first one on ties), as tshark prints it.
     */
    public static String format(long hi, long lo) {
        if (isIpv4Mapped(hi, lo)) {
            return formatIpv4((int) lo);
        }
        return formatIpv6(hi, lo, false);
    }

    /**
     * The address as text, as tshark prints the address field of a packet of that IP version: for
     * {@code ipv6 == false} the dotted quad of the low 32 bits; for {@code ipv6 == true} RFC 5952 text, with
     * the embedded-IPv4 notation glibc's {@code inet_ntop} (which tshark uses) gives to IPv4-mapped
     * ({@code ::ffff:1.2.3.4}) and IPv4-compatible ({@code ::1.2.3.4}) addresses.
     */
    public static String format(long hi, long lo, boolean ipv6) {
        if (!ipv6) {
            return formatIpv4((int) lo);
        }
        return formatIpv6(hi, lo, true);
    }

    /** The dotted quad of a 32-bit IPv4 address. */
    public static String formatIpv4(int v) {
        return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }

    private static String formatIpv6(long hi, long lo, boolean embeddedIpv4) {
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) (hi >>> (48 - 16 * i)) & 0xFFFF;
            g[4 + i] = (int) (lo >>> (48 - 16 * i)) & 0xFFFF;
        }
        // Longest run of zero groups (length >= 2), first on ties.
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        // glibc inet_ntop: "::a.b.c.d" when the first six groups are the zero run, "::ffff:a.b.c.d" when
        // the first five are and the sixth is ffff.
        boolean tailIpv4 = embeddedIpv4 && bestStart == 0
                && (bestLen == 6 || (bestLen == 5 && g[5] == 0xFFFF));
        StringBuilder sb = new StringBuilder(41);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            if (tailIpv4 && i == 6) {
                sb.append(formatIpv4((int) lo));
                break;
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /**
     * The address as an {@link InetAddress}: an {@link java.net.Inet4Address} for IPv4-mapped values, else an
     * {@link java.net.Inet6Address}. No name lookup is made.
     */
    public static InetAddress toInetAddress(long hi, long lo) {
        try {
            if (isIpv4Mapped(hi, lo)) {
                int v = (int) lo;
                return InetAddress.getByAddress(new byte[] {
                        (byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
            }
            byte[] b = new byte[16];
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (hi >>> (56 - 8 * i));
                b[8 + i] = (byte) (lo >>> (56 - 8 * i));
            }
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("a 4- or 16-byte address is always valid", e);
        }
    }
}
