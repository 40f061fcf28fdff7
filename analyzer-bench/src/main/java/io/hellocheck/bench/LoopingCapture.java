package io.hellocheck.bench;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A classic pcap capture served as an endless stream: the 24-byte file header once, then its records
 * over and over. A reader on it never reaches the end, so a benchmark can read one frame per operation
 * without reopening (and re-allocating) anything.
 */
final class LoopingCapture extends InputStream {
    private final byte[] file;
    private int pos;

    LoopingCapture(byte[] pcap) {
        if (pcap.length <= 24) {
            throw new IllegalArgumentException("no records");
        }
        this.file = pcap;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        int n = 0;
        while (n < len) {
            if (pos == file.length) {
                pos = 24;
            }
            int k = Math.min(len - n, file.length - pos);
            System.arraycopy(file, pos, b, off + n, k);
            pos += k;
            n += k;
        }
        return n;
    }

    /**
     * A microsecond pcap (Ethernet) of {@code frames} frames that are not TCP: UDP datagrams of 60 to 1,000
     * payload bytes to port 53, every fourth an ICMP echo request.
     */
    static byte[] syntheticNotTcp(int frames) {
        ByteBuffer b = ByteBuffer.allocate(24 + frames * (16 + 14 + 20 + 8 + 1000)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1);
        for (int i = 0; i < frames; i++) {
            boolean icmp = i % 4 == 3;
            int payload = icmp ? 56 : 60 + (i * 97) % 941;
            int ipLen = 20 + 8 + payload;
            int frameLen = 14 + ipLen;
            b.order(ByteOrder.LITTLE_ENDIAN).putInt(1_700_000_000 + i / 1000).putInt((i % 1000) * 1000)
                    .putInt(frameLen).putInt(frameLen);
            b.order(ByteOrder.BIG_ENDIAN);
            b.put(new byte[] {0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
            b.put((byte) 0x45).put((byte) 0).putShort((short) ipLen).putShort((short) i).putShort((short) 0x4000)
                    .put((byte) 64).put((byte) (icmp ? 1 : 17)).putShort((short) 0)
                    .putInt(0x0a000001).putInt(0x0a000002);
            if (icmp) {
                b.put((byte) 8).put((byte) 0).putShort((short) 0).putShort((short) 1).putShort((short) i);
            } else {
                b.putShort((short) (40000 + i % 1000)).putShort((short) 53).putShort((short) (8 + payload))
                        .putShort((short) 0);
            }
            b.put(new byte[payload]);
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }
}
