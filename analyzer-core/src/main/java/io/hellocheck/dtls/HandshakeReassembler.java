package io.hellocheck.dtls;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Rebuilds one direction's DTLS handshake messages from their fragments (RFC 6347 section 4.2.2, RFC 9147
 * section 5.5): each message has a {@code message_seq}, its full length, and fragments at offsets, arriving
 * in any order, duplicated when a flight is retransmitted. A message is handed out once, when all its bytes
 * have arrived, with the 4-byte TLS handshake header ({@code msg_type}, {@code length}) in front, as the tls
 * decoders expect. Bounded: messages up to {@value #MAX_MESSAGE_BYTES} bytes, at most {@value #MAX_MESSAGES}
 * message numbers, {@value #MAX_FRAGMENTS} fragments per message.
 */
final class HandshakeReassembler {
    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    static final int MAX_MESSAGES = 32;
    static final int MAX_FRAGMENTS = 256;

    /** A whole handshake message and the frames its fragments came in. */
    record Message(int type, int messageSeq, byte[] bytes, List<Long> frames, long firstFrame, long firstTimeNanos,
                   long lastFrame, long lastTimeNanos) {
    }

    private static final class Partial {
        final int type;
        final int length;
        /** The message with its TLS header; null once delivered (its fragment list stays, to spot retransmissions). */
        byte[] bytes;
        final List<long[]> fragments = new ArrayList<>();
        boolean delivered;

        Partial(int type, int length) {
            this.type = type;
            this.length = length;
            this.bytes = new byte[4 + length];
            bytes[0] = (byte) type;
            bytes[1] = (byte) (length >>> 16);
            bytes[2] = (byte) (length >>> 8);
            bytes[3] = (byte) length;
        }

        boolean complete() {
            long covered = 0;
            List<long[]> sorted = new ArrayList<>(fragments);
            sorted.sort((a, b) -> Long.compare(a[0], b[0]));
            for (long[] f : sorted) {
                if (f[0] > covered) {
                    return false;
                }
                covered = Math.max(covered, f[1]);
            }
            return covered >= length;
        }
    }

    private final TreeMap<Integer, Partial> messages = new TreeMap<>();
    private int retransmitted;

    /**
     * Adds a fragment; returns the message it completes, or null.
     *
     * @param fragmentOffset offset of the fragment in the message body, bytes
     */
    Message add(int type, int length, int messageSeq, int fragmentOffset, byte[] d, int p, int fragmentLength,
                long frame, long timeNanos) {
        if (length > MAX_MESSAGE_BYTES || fragmentOffset + (long) fragmentLength > length) {
            return null;
        }
        Partial m = messages.get(messageSeq);
        if (m == null) {
            if (messages.size() >= MAX_MESSAGES) {
                return null;
            }
            m = new Partial(type, length);
            messages.put(messageSeq, m);
        } else if (m.type != type || m.length != length) {
            return null; // another message under the same number: not ours to judge
        }
        for (long[] f : m.fragments) {
            if (f[0] == fragmentOffset && f[1] == fragmentOffset + fragmentLength) {
                retransmitted++;
                return null;
            }
        }
        if (m.delivered || m.fragments.size() >= MAX_FRAGMENTS) {
            retransmitted++;
            return null;
        }
        System.arraycopy(d, p, m.bytes, 4 + fragmentOffset, fragmentLength);
        m.fragments.add(new long[] {fragmentOffset, fragmentOffset + fragmentLength, frame, timeNanos});
        if (!m.complete()) {
            return null;
        }
        m.delivered = true;
        List<Long> frames = new ArrayList<>();
        long firstFrame = Long.MAX_VALUE;
        long firstTime = 0;
        long lastFrame = Long.MIN_VALUE;
        long lastTime = 0;
        for (long[] f : m.fragments) {
            if (!frames.contains(f[2])) {
                frames.add(f[2]);
            }
            if (f[2] < firstFrame) {
                firstFrame = f[2];
                firstTime = f[3];
            }
            if (f[2] > lastFrame) {
                lastFrame = f[2];
                lastTime = f[3];
            }
        }
        frames.sort(null);
        byte[] bytes = m.bytes;
        m.bytes = null;
        return new Message(type, messageSeq, bytes, List.copyOf(frames), firstFrame, firstTime, lastFrame, lastTime);
    }

    /** Fragments received again (a retransmitted flight). */
    int retransmitted() {
        return retransmitted;
    }
}
