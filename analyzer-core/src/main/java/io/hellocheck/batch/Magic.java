package io.hellocheck.batch;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdUtils;

/**
 * What a file is, from its first bytes (and, for compressed files, the first bytes of their content):
 * commons-compress's own signature checks for archives and compressors, the pcap and pcapng magic numbers
 * for captures. Names matter only to tell a capture that is broken from a file that is simply something
 * else, and for Windows ETW traces, which have no magic number of their own.
 */
final class Magic {
    /** Bytes looked at: enough for a tar header's magic at offset 257. */
    static final int HEAD = 512;

    /** What the first bytes say. */
    enum Kind { CAPTURE, ZIP, TAR, GZIP, XZ, ZSTD, BZIP2, EMPTY, OTHER;

        boolean isCompressor() {
            return this == GZIP || this == XZ || this == ZSTD || this == BZIP2;
        }

        boolean isArchive() {
            return this == ZIP || this == TAR;
        }

        /** The suffix added to a capture's format when it came through this compressor: "gzip", "xz", ... */
        String codec() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Capture and archive names: a file so named that cannot be read is an error, not something to skip. */
    private static final Pattern CAPTURE_OR_ARCHIVE_NAME = Pattern.compile(
            "(?i).*\\.(pcap|pcapng|cap|ntar|dmp|zip|tar|tgz|txz|tzst|tbz2?)\\d*(\\.(gz|xz|zst|zstd|bz2))?");

    private Magic() {
    }

    static Kind of(byte[] b, int n) {
        if (n == 0) {
            return Kind.EMPTY;
        }
        if (n >= 4) {
            int m = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
            if (m == 0xa1b2c3d4 || m == 0xd4c3b2a1 || m == 0xa1b23c4d || m == 0x4d3cb2a1 || m == 0xa1b2cd34
                    || m == 0x34cdb2a1 || m == 0x0a0d0d0a) {
                return Kind.CAPTURE;
            }
        }
        if (ZipArchiveInputStream.matches(b, n)) {
            return Kind.ZIP;
        }
        if (GzipCompressorInputStream.matches(b, n)) {
            return Kind.GZIP;
        }
        if (XZCompressorInputStream.matches(b, n)) {
            return Kind.XZ;
        }
        if (ZstdUtils.matches(b, n)) {
            return Kind.ZSTD;
        }
        if (BZip2CompressorInputStream.matches(b, n)) {
            return Kind.BZIP2;
        }
        if (n >= 263 && TarArchiveInputStream.matches(b, n)) {
            return Kind.TAR;
        }
        return Kind.OTHER;
    }

    /** Reads up to {@link #HEAD} bytes from a mark-supporting stream and resets it. */
    static byte[] peek(BufferedInputStream in, int[] length) throws IOException {
        byte[] head = new byte[HEAD];
        in.mark(HEAD + 1);
        int n = in.readNBytes(head, 0, HEAD);
        in.reset();
        length[0] = n;
        return head;
    }

    /** A decompressing stream of the given kind over {@code in}. */
    static InputStream decompress(Kind kind, InputStream in) throws IOException {
        switch (kind) {
            case GZIP:
                // Not commons-compress's: it drops the last bytes it inflated when the stream is cut short.
                return new GzipStream(in);
            case XZ:
                // 64 MiB: enough for xz -9; a file needing more is refused instead of exhausting the heap.
                return new Streams.Salvaging(new XZCompressorInputStream(in, true, 64 * 1024));
            case ZSTD:
                return new ZstdCompressorInputStream(in);
            case BZIP2:
                return new Streams.Salvaging(new BZip2CompressorInputStream(in, true));
            default:
                throw new IllegalArgumentException(kind + " is not a compressor");
        }
    }

    /** Whether a name says capture or archive ({@code .pcap}, {@code .pcapng.gz}, {@code .zip}, {@code .tgz}, ...). */
    static boolean looksLikeCaptureOrArchive(String name) {
        return CAPTURE_OR_ARCHIVE_NAME.matcher(name).matches();
    }

    /** A Windows ETW trace ({@code .etl}), which pktmon and netsh write; it must be converted first. */
    static boolean isEtl(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".etl");
    }
}
