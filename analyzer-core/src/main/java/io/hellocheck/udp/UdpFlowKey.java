package io.hellocheck.udp;

import io.hellocheck.frame.PacketView;

/**
 * The address and port pair of a UDP conversation, independent of direction: endpoint A is the smaller of
 * the two (by address, then port). Mutable for use as a lookup probe; stored keys are copies.
 */
final class UdpFlowKey {
    private long aHi;
    private long aLo;
    private long bHi;
    private long bLo;
    private int ports;
    private int hash;

    /** Loads the key of {@code p}; returns true when the datagram's source is endpoint A. */
    boolean load(PacketView p) {
        int c = Long.compareUnsigned(p.srcHi(), p.dstHi());
        if (c == 0) {
            c = Long.compareUnsigned(p.srcLo(), p.dstLo());
        }
        if (c == 0) {
            c = Integer.compare(p.srcPort(), p.dstPort());
        }
        boolean srcIsA = c <= 0;
        if (srcIsA) {
            aHi = p.srcHi(); aLo = p.srcLo(); bHi = p.dstHi(); bLo = p.dstLo();
            ports = (p.srcPort() << 16) | p.dstPort();
        } else {
            aHi = p.dstHi(); aLo = p.dstLo(); bHi = p.srcHi(); bLo = p.srcLo();
            ports = (p.dstPort() << 16) | p.srcPort();
        }
        long h = aHi * 31 + aLo;
        h = h * 31 + bHi;
        h = h * 31 + bLo;
        h = h * 31 + ports;
        hash = (int) (h ^ (h >>> 32));
        return srcIsA;
    }

    UdpFlowKey copy() {
        UdpFlowKey k = new UdpFlowKey();
        k.aHi = aHi; k.aLo = aLo; k.bHi = bHi; k.bLo = bLo; k.ports = ports; k.hash = hash;
        return k;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UdpFlowKey k && aLo == k.aLo && bLo == k.bLo && ports == k.ports
                && aHi == k.aHi && bHi == k.bHi;
    }
}
