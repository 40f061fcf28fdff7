package io.hellocheck.tcp;

import io.hellocheck.frame.PacketView;

/**
 * The address and port pair of a TCP conversation, independent of direction.
 *
 * <p>Endpoint A is the smaller of the two (by address, then port). One mutable instance per tracker
 * serves as a lookup probe so that finding a frame's connection allocates nothing; keys stored in
 * the table are immutable copies made by {@link #copy()}.
 */
final class FlowKey {
    long aHi;
    long aLo;
    long bHi;
    long bLo;
    int aPort;
    int bPort;
    private int hash;

    /** Loads the key of {@code p}; returns true when the segment's source is endpoint A. */
    boolean load(PacketView p) {
        boolean srcIsA = compare(p.srcHi(), p.srcLo(), p.srcPort(), p.dstHi(), p.dstLo(), p.dstPort()) <= 0;
        if (srcIsA) {
            aHi = p.srcHi(); aLo = p.srcLo(); aPort = p.srcPort();
            bHi = p.dstHi(); bLo = p.dstLo(); bPort = p.dstPort();
        } else {
            aHi = p.dstHi(); aLo = p.dstLo(); aPort = p.dstPort();
            bHi = p.srcHi(); bLo = p.srcLo(); bPort = p.srcPort();
        }
        long h = aHi * 31 + aLo;
        h = h * 31 + bHi;
        h = h * 31 + bLo;
        h = h * 31 + (((long) aPort << 16) | bPort);
        hash = (int) (h ^ (h >>> 32));
        return srcIsA;
    }

    private static int compare(long hi1, long lo1, int port1, long hi2, long lo2, int port2) {
        int c = Long.compareUnsigned(hi1, hi2);
        if (c == 0) {
            c = Long.compareUnsigned(lo1, lo2);
        }
        return c != 0 ? c : Integer.compare(port1, port2);
    }

    FlowKey copy() {
        FlowKey k = new FlowKey();
        k.aHi = aHi; k.aLo = aLo; k.bHi = bHi; k.bLo = bLo; k.aPort = aPort; k.bPort = bPort; k.hash = hash;
        return k;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FlowKey)) {
            return false;
        }
        FlowKey k = (FlowKey) o;
        return aLo == k.aLo && bLo == k.bLo && aPort == k.aPort && bPort == k.bPort
                && aHi == k.aHi && bHi == k.bHi;
    }
}
