package io.hellocheck.capture;

/**
 * One captured frame, as a reusable cursor over the reader's buffer.
 *
 * <p>A {@link CaptureReader} fills the same instance for every frame, so nothing is allocated per
 * frame; copy what must outlive the next call to {@link CaptureReader#next(Frame)}. The captured
 * bytes are {@code data()[offset() .. offset() + capturedLength())}.
 */
public final class Frame {
    long number;
    long timestampNanos;
    int linkType;
    int originalLength;
    int capturedLength;
    int snaplen;
    byte[] data;
    int offset;
    long fileOffset;
    int interfaceId;
    int section;

    /** Frame number, counted from 1 over the whole file as Wireshark does. */
    public long number() { return number; }

    /** Capture time in nanoseconds since the Unix epoch (UTC). */
    public long timestampNanos() { return timestampNanos; }

    /** The link-layer header type (LINKTYPE_* value from the tcpdump.org registry), e.g. 1 for Ethernet. */
    public int linkType() { return linkType; }

    /** Length of the frame on the wire, in bytes. */
    public int originalLength() { return originalLength; }

    /** Number of bytes captured (at most {@link #originalLength()}; less when cut by the snaplen). */
    public int capturedLength() { return capturedLength; }

    /** Snapshot length of the interface the frame came from, in bytes (0 when unknown). */
    public int snaplen() { return snaplen; }

    /** The buffer holding the captured bytes; valid until the next frame is read. */
    public byte[] data() { return data; }

    /** Offset of the first captured byte in {@link #data()}. */
    public int offset() { return offset; }

    /** Byte offset of this frame's record (pcap record header or pcapng block) in the decompressed file. */
    public long fileOffset() { return fileOffset; }

    /** pcapng interface id (0 for pcap). */
    public int interfaceId() { return interfaceId; }

    /**
     * pcapng section the frame came from, counted from 1 (a new section header starts its interface ids again at 0,
     * as when captures are joined with {@code cat}); 0 for pcap.
     */
    public int section() { return section; }

    /** Whether fewer bytes were captured than the frame had on the wire. */
    public boolean isTruncated() { return capturedLength < originalLength; }

    /**
     * Sets every field; for readers and for tests that build frames by hand.
     *
     * @param data buffer holding the captured bytes from {@code offset}
     */
    public Frame set(long number, long timestampNanos, int linkType, int originalLength, byte[] data,
                     int offset, int capturedLength) {
        this.number = number;
        this.timestampNanos = timestampNanos;
        this.linkType = linkType;
        this.originalLength = originalLength;
        this.data = data;
        this.offset = offset;
        this.capturedLength = capturedLength;
        return this;
    }

    /** Sets where the frame came from (the fields {@link #set} leaves alone); for readers and tests. */
    public Frame setOrigin(int snaplen, long fileOffset, int section, int interfaceId) {
        this.snaplen = snaplen;
        this.fileOffset = fileOffset;
        this.section = section;
        this.interfaceId = interfaceId;
        return this;
    }
}
