package io.hellocheck.udp;

import io.hellocheck.frame.PacketView;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Numbers UDP conversations as Wireshark 4.0 does for {@code udp.stream}: from 0, in order of each address
 * and port pair's first frame, the same number for both directions, for the whole capture (Wireshark does
 * not end UDP conversations).
 *
 * <p>Memory is bounded: at most {@code maxFlows} pairs are remembered (the least recently active is
 * forgotten, {@link #evictions()} counts them); a forgotten pair seen again gets a new number, so its
 * number then differs from Wireshark's. One mutable probe key serves lookups, so a frame of a known pair
 * allocates nothing.
 */
public final class UdpFlowTable {
    private final UdpFlowKey probe = new UdpFlowKey();
    private final LinkedHashMap<UdpFlowKey, Flow> table;
    private final int maxFlows;
    private int next;
    private long evictions;

    /**
     * @param maxFlows largest number of address and port pairs remembered, at least 1
     */
    public UdpFlowTable(int maxFlows) {
        this.maxFlows = Math.max(1, maxFlows);
        this.table = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UdpFlowKey, Flow> eldest) {
                if (size() > UdpFlowTable.this.maxFlows) {
                    evictions++;
                    return true;
                }
                return false;
            }
        };
    }

    /** One conversation: its {@code udp.stream} number and what its user keeps with it. */
    public static final class Flow {
        private final int stream;
        private Object attachment;

        Flow(int stream) {
            this.stream = stream;
        }

        /** Wireshark's {@code udp.stream}, from 0. */
        public int stream() {
            return stream;
        }

        /** What the table's user attached to the conversation, or null. */
        public Object attachment() {
            return attachment;
        }

        public void attach(Object attachment) {
            this.attachment = attachment;
        }
    }

    /** The conversation of the datagram in {@code p} (a UDP view), numbered when first seen. */
    public Flow flow(PacketView p) {
        probe.load(p);
        Flow f = table.get(probe);
        if (f == null) {
            f = new Flow(next++);
            table.put(probe.copy(), f);
        }
        return f;
    }

    /** The {@code udp.stream} number of the datagram in {@code p} (a UDP view), from 0. */
    public int stream(PacketView p) {
        return flow(p).stream();
    }

    /** Conversations numbered so far. */
    public int streams() {
        return next;
    }

    /** Conversations forgotten at the {@code maxFlows} cap. */
    public long evictions() {
        return evictions;
    }
}
