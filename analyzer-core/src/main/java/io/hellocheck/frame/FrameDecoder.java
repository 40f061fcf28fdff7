package io.hellocheck.frame;

import io.hellocheck.capture.Frame;

/**
 * Decodes link, IP and TCP headers of a frame into a reusable {@link PacketView}, allocating nothing.
 *
 * <p>TODO(frame helper): implement Ethernet II, 802.1Q, 802.1ad (QinQ), Linux SLL (113) and SLL2 (276),
 * raw IP (101, 12 on most systems, 228 IPv4, 229 IPv6), BSD null/loopback (0) and OpenBSD loop (108);
 * IPv4 with options, IPv6 with extension headers, TCP with options.
 * Not thread-safe: one decoder per capture.
 */
public final class FrameDecoder {

    /** Decodes {@code frame}; fills {@code out} when the result is {@link DecodeStatus#TCP}. */
    public DecodeStatus decode(Frame frame, PacketView out) {
        throw new UnsupportedOperationException("not yet");
    }
}
