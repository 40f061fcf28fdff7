package io.hellocheck.capture;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Several captures read as one, in time order: the files of a tcpdump {@code -C} or {@code -G} rotation, or
 * the captures of several interfaces of one host, as {@code mergecap} would join them (frames ordered by
 * timestamp; at equal timestamps, the input given first first). Frames are numbered from 1 over the merged
 * sequence, as Wireshark numbers the frames of {@code mergecap -w merged.pcapng} output. Holds one frame per
 * input; nothing else is buffered.
 */
public final class MergedFrames implements FrameSource {
    private final List<CaptureReader> readers;
    private final Frame[] heads;
    private final boolean[] live;
    private int pending = -1;
    private boolean started;
    private long count;

    private MergedFrames(List<CaptureReader> readers) {
        this.readers = readers;
        this.heads = new Frame[readers.size()];
        this.live = new boolean[readers.size()];
        for (int i = 0; i < heads.length; i++) {
            heads[i] = new Frame();
        }
    }

    /**
     * Opens every input as a capture ({@link CaptureReader#open}); the streams are closed with this source.
     *
     * @throws CaptureFormatException when an input is not a pcap or pcapng capture (the others are closed)
     * @throws IOException when reading fails
     */
    public static MergedFrames open(List<InputStream> inputs) throws IOException {
        List<CaptureReader> readers = new ArrayList<>();
        try {
            for (InputStream in : inputs) {
                readers.add(CaptureReader.open(in));
            }
        } catch (IOException | RuntimeException e) {
            for (CaptureReader r : readers) {
                r.close();
            }
            for (int i = readers.size(); i < inputs.size(); i++) {
                inputs.get(i).close();
            }
            throw e;
        }
        return new MergedFrames(readers);
    }

    @Override
    public boolean next(Frame frame) throws IOException {
        if (!started) {
            started = true;
            for (int i = 0; i < heads.length; i++) {
                live[i] = readers.get(i).next(heads[i]);
            }
        } else if (pending >= 0) {
            // the frame handed out last time points into this reader's buffer: read its next one only now
            live[pending] = readers.get(pending).next(heads[pending]);
        }
        int best = -1;
        for (int i = 0; i < heads.length; i++) {
            if (live[i] && (best < 0 || heads[i].timestampNanos() < heads[best].timestampNanos())) {
                best = i;
            }
        }
        pending = best;
        if (best < 0) {
            return false;
        }
        Frame h = heads[best];
        frame.set(++count, h.timestampNanos(), h.linkType(), h.originalLength(), h.data(), h.offset(),
                h.capturedLength()).setOrigin(h.snaplen(), h.fileOffset(), h.section(), h.interfaceId());
        return true;
    }

    @Override
    public int timestampDigits() {
        int d = 6;
        for (CaptureReader r : readers) {
            d = Math.max(d, r.timestampDigits());
        }
        return d;
    }

    /** The byte offset of the first input cut short (in that input), or -1. */
    @Override
    public long truncatedAtOffset() {
        for (CaptureReader r : readers) {
            if (r.truncatedAtOffset() >= 0) {
                return r.truncatedAtOffset();
            }
        }
        return -1;
    }

    @Override
    public String format() {
        Set<String> formats = new LinkedHashSet<>();
        for (CaptureReader r : readers) {
            formats.add(r.format());
        }
        return String.join("+", formats);
    }

    /** Every input's Decryption Secrets Blocks go to {@code listener}. */
    @Override
    public void onTlsKeyLog(java.util.function.Consumer<byte[]> listener) {
        for (CaptureReader r : readers) {
            r.onTlsKeyLog(listener);
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (CaptureReader r : readers) {
            try {
                r.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
