package io.hellocheck.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class IpAddressesTest {

    /** hi/lo of an address literal, parsed by the JDK (an independent parser). */
    private static long[] parse(String literal) throws UnknownHostException {
        byte[] b = InetAddress.getByName(literal).getAddress();
        if (b.length == 4) {
            return new long[] {0, IpAddresses.ipv4Lo(((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16)
                    | ((b[2] & 0xff) << 8) | (b[3] & 0xff))};
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (b[i] & 0xff);
            lo = (lo << 8) | (b[8 + i] & 0xff);
        }
        return new long[] {hi, lo};
    }

    private static String fmt(String literal) throws UnknownHostException {
        long[] a = parse(literal);
        return IpAddresses.format(a[0], a[1]);
    }

    /** RFC 5952 section 4 and its examples. */
    @Test
    void rfc5952Section4() throws UnknownHostException {
        // 4.1: leading zeros suppressed ("2001:0db8::0001" -> "2001:db8::1"); a 16-bit 0 is "0"
        assertThat(fmt("2001:0db8::0001")).isEqualTo("2001:db8::1");
        assertThat(fmt("2001:db8:0:0:0:0:2:1")).isEqualTo("2001:db8::2:1");       // 4.2.1: shorten as much as possible
        assertThat(fmt("2001:db8:0000:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1"); // 4.2.2: not one 16-bit 0 field
        assertThat(fmt("2001:0:0:1:0:0:0:1")).isEqualTo("2001:0:0:1::1");         // 4.2.3: the longest run
        assertThat(fmt("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");     // 4.2.3: the first of equal runs
        assertThat(fmt("2001:DB8:AAAA:BBBB:CCCC:DDDD:EEEE:000A"))                  // 4.3: lowercase
                .isEqualTo("2001:db8:aaaa:bbbb:cccc:dddd:eeee:a");
        // section 2 examples of the same address written in many ways
        assertThat(fmt("2001:db8:0:0:1:0:0:1")).isEqualTo(fmt("2001:0db8::1:0:0:1"));
        assertThat(fmt("2001:db8::0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
    }

    @Test
    void edgeCases() throws UnknownHostException {
        assertThat(fmt("::")).isEqualTo("::");
        assertThat(fmt("::1")).isEqualTo("::1");
        assertThat(fmt("1::")).isEqualTo("1::");
        assertThat(fmt("fe80::1:2:3:4")).isEqualTo("fe80::1:2:3:4");
        assertThat(fmt("1:0:0:0:1:0:0:0")).isEqualTo("1::1:0:0:0");
        assertThat(fmt("1:2:3:4:5:6:7:8")).isEqualTo("1:2:3:4:5:6:7:8");
        assertThat(fmt("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))
                .isEqualTo("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
    }

    @Test
    void ipv4MappedValuesAreDottedQuads() {
        assertThat(IpAddresses.format(0, 0x0000_ffff_c000_0201L)).isEqualTo("192.0.2.1");
        assertThat(IpAddresses.format(0, IpAddresses.ipv4Lo(0xffff_ffff))).isEqualTo("255.255.255.255");
        assertThat(IpAddresses.format(0, IpAddresses.ipv4Lo(0))).isEqualTo("0.0.0.0");
        assertThat(IpAddresses.isIpv4Mapped(0, 0x0000_ffff_0a00_0001L)).isTrue();
        assertThat(IpAddresses.isIpv4Mapped(1, 0x0000_ffff_0a00_0001L)).isFalse();
    }

    /** As tshark prints IPv6 packet addresses (checked with TShark 4.0.17 on a capture made by the test writer). */
    @Test
    void ipv6PacketsWithEmbeddedIpv4AsTsharkPrintsThem() {
        assertThat(IpAddresses.format(0, 0x0000_ffff_0102_0304L, true)).isEqualTo("::ffff:1.2.3.4");
        assertThat(IpAddresses.format(0, 0x0000_0000_0102_0305L, true)).isEqualTo("::1.2.3.5");
        assertThat(IpAddresses.format(0, 1, true)).isEqualTo("::1");
        assertThat(IpAddresses.format(0x2001_0db8_0000_0000L, 0x0001_0000_0000_0002L, true)).isEqualTo("2001:db8::1:0:0:2");
        assertThat(IpAddresses.format(0, 0x0000_ffff_0102_0304L, false)).isEqualTo("1.2.3.4");
    }

    @Test
    void toInetAddress() throws UnknownHostException {
        InetAddress v4 = IpAddresses.toInetAddress(0, 0x0000_ffff_c633_6414L);
        assertThat(v4).isInstanceOf(Inet4Address.class);
        assertThat(v4.getHostAddress()).isEqualTo("198.51.100.20");
        long[] a = parse("2001:db8::10");
        InetAddress v6 = IpAddresses.toInetAddress(a[0], a[1]);
        assertThat(v6).isInstanceOf(Inet6Address.class);
        assertThat(v6).isEqualTo(InetAddress.getByName("2001:db8::10"));
    }
}
