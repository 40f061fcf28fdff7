package io.hellocheck.tls;

import java.util.List;

/**
 * Reads a hello's extension block (RFC 8446 section 4.2: {@code Extension extensions<0..2^16-1>}) leniently, as
 * tshark does: a block that ends in bytes too few for an extension header keeps the extensions before them (a
 * ClientHello and a ServerHello), and so does a ServerHello's block declared longer than the message or holding
 * an extension whose length runs past it, with an anomaly instead of a discarded hello. (A ClientHello with such
 * a fault stays undecodable: tshark marks it malformed and gives it no JA3.)
 */
final class ExtensionBlock {
    /** Extension type and length. */
    private static final int HEADER_BYTES = 4;

    private ExtensionBlock() {
    }

    /**
     * Opens the block at the cursor; a declared length longer than the bytes left reads those bytes, with an
     * anomaly.
     *
     * @throws TlsDecodeException when not even the 2-byte length is there
     */
    static ByteCursor open(ByteCursor c, List<String> anomalies) throws TlsDecodeException {
        int at = c.offset();
        int declared = c.u16();
        if (declared > c.remaining()) {
            anomalies.add("the extension block (offset " + at + ") declares " + declared + " bytes, " + c.remaining()
                    + " follow; those are read");
            return c.rest();
        }
        return c.vector16Of(declared);
    }

    /**
     * Whether another whole extension follows in {@code exts}; when bytes are left that cannot be one, notes them
     * in {@code anomalies} and moves past them.
     */
    static boolean hasNext(ByteCursor exts, List<String> anomalies) {
        if (exts.isEmpty()) {
            return false;
        }
        int left = exts.remaining();
        int at = exts.offset();
        if (left < HEADER_BYTES) {
            anomalies.add((left == 1 ? "1 byte" : left + " bytes") + " after the last extension in the extension "
                    + "block, too few for an extension header (offset " + at + "); ignored, as tshark does");
            exts.rest();
            return false;
        }
        return true;
    }

    /**
     * Reads the next extension's data after its type was read; null, with an anomaly, when its length runs past the
     * block (the rest of the block is then skipped).
     */
    static ByteCursor data(ByteCursor exts, int type, int extOffset, List<String> anomalies) {
        try {
            return exts.vector16();
        } catch (TlsDecodeException e) {
            anomalies.add("extension " + TlsNames.extension(type) + " (offset " + extOffset + ") runs past the "
                    + "extension block: " + e.getMessage() + "; the extensions before it are kept");
            exts.rest();
            return null;
        }
    }
}
