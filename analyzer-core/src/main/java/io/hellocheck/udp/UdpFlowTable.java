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
    private final LinkedHashMap<UdpFlowKey, int[]> table;
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
            protected boolean removeEldestEntry(Map.Entry<UdpFlowKey, int[]> eldest) {
                if (size() > UdpFlowTable.this.maxFlows) {
                    evictions++;
                    return true;
                }
                return false;
            }
        };
    }

    /** The {@code udp.stream} number of the datagram in {@code p} (a UDP view), from 0. */
    public int stream(PacketView p) {
        probe.load(p);
        int[] index = table.get(probe);
        if (index == null) {
            index = new int[] {next++};
            table.put(probe.copy(), index);
        }
        return index[0];
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
