import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The floor: walks the records of a classic pcap file and parses the Ethernet, IP and TCP headers of each
 * frame, nothing more (no reassembly, no TLS, no output but one summary line), allocating nothing per frame.
 * Compiled and run by bench/run.py: {@code java -XX:+UseSerialGC Walker.java FILE}.
 */
public final class Walker {
    private static final byte[] buf = new byte[1 << 20];
    private static int pos;
    private static int lim;
    private static InputStream in;

    /** Makes sure n bytes are buffered from pos; false at the end of the file. */
    private static boolean ensure(int n) throws IOException {
        if (lim - pos >= n) {
            return true;
        }
        System.arraycopy(buf, pos, buf, 0, lim - pos);
        lim -= pos;
        pos = 0;
        while (lim < n) {
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                return false;
            }
            lim += r;
        }
        return true;
    }

    private static int u16(int p) {
        return ((buf[p] & 0xff) << 8) | (buf[p + 1] & 0xff);
    }

    private static int be32(int p) {
        return ((buf[p] & 0xff) << 24) | ((buf[p + 1] & 0xff) << 16) | ((buf[p + 2] & 0xff) << 8) | (buf[p + 3] & 0xff);
    }

    public static void main(String[] args) throws IOException {
        long frames = 0, tcp = 0, payload = 0, mix = 0;
        try (InputStream s = new FileInputStream(args[0])) {
            in = s;
            if (!ensure(24)) {
                throw new IOException("not a pcap file");
            }
            int magic = be32(0);
            boolean le = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
            if (!le && magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
                throw new IOException("not a classic pcap file");
            }
            pos = 24;
            while (ensure(16)) {
                int caplen = le ? Integer.reverseBytes(be32(pos + 8)) : be32(pos + 8);
                if (caplen < 0 || caplen > buf.length - 16) {
                    throw new IOException("bad record length " + caplen);
                }
                if (!ensure(16 + caplen)) {
                    break;
                }
                int p = pos + 16;
                int end = p + caplen;
                pos = end;
                frames++;
                if (caplen < 14) {
                    continue;
                }
                int etherType = u16(p + 12);
                int ip = p + 14;
                int t;
                int ipEnd;
                if (etherType == 0x0800 && end - ip >= 20) {
                    if (buf[ip + 9] != 6) {
                        continue;
                    }
                    t = ip + (buf[ip] & 0x0f) * 4;
                    ipEnd = Math.min(end, ip + u16(ip + 2));
                    mix += be32(ip + 12) ^ be32(ip + 16);
                } else if (etherType == 0x86DD && end - ip >= 40) {
                    if (buf[ip + 6] != 6) {
                        continue;
                    }
                    t = ip + 40;
                    ipEnd = Math.min(end, t + u16(ip + 4));
                    mix += be32(ip + 20) ^ be32(ip + 36);
                } else {
                    continue;
                }
                if (ipEnd - t < 20) {
                    continue;
                }
                int hl = ((buf[t + 12] & 0xff) >>> 4) * 4;
                tcp++;
                payload += Math.max(0, ipEnd - t - hl);
                mix += u16(t) * 31 + u16(t + 2) + be32(t + 4) + be32(t + 8) + (buf[t + 13] & 0xff);
            }
        }
        System.out.println("frames " + frames + " tcp " + tcp + " payload_bytes " + payload + " mix " + mix);
    }
}
