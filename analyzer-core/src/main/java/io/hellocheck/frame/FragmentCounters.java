package io.hellocheck.frame;

/**
 * What IP fragment reassembly did over one capture (IPv4 and IPv6 together).
 *
 * @param fragments          IP fragments seen (frames whose IP header says MF or a non-zero offset)
 * @param reassembled        datagrams completed and decoded, each in the frame of the fragment completing it
 * @param overlaps           fragments that overlapped bytes already held with different bytes, or disagreed
 *                           about where the datagram ends (the first copy is kept)
 * @param timedOut           datagrams dropped because they were not complete 30 s of capture time after
 *                           their first fragment
 * @param evicted            datagrams dropped, oldest first, because the table's caps were reached
 *                           (datagrams in progress, bytes held)
 * @param invalid            datagrams dropped because they could not be valid: longer than an IP length
 *                           field allows, or split into too many disjoint pieces
 * @param incomplete         datagrams still waiting for fragments when the capture ended
 */
public record FragmentCounters(long fragments, long reassembled, long overlaps, long timedOut, long evicted,
                               long invalid, long incomplete) {

    /** No fragments. */
    public static final FragmentCounters NONE = new FragmentCounters(0, 0, 0, 0, 0, 0, 0);

    /** Datagrams dropped before completing, for any reason (timed out, evicted, invalid). */
    public long dropped() {
        return timedOut + evicted + invalid;
    }
}
