package io.hellocheck.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TcpOptionsTest {
    private static final long MIB = 1L << 20;

    /**
     * An analysis may hold 3/8 of the heap (half of the default budget of 3/4): 2,816 bytes per connection, held
     * bytes (an eighth) apart.
     */
    @Test
    void theConnectionCapFollowsTheHeap() {
        assertThat(TcpOptions.forHeap(192 * MIB).maxConnections()).isEqualTo((72 - 9) * MIB / 2816);
        assertThat(TcpOptions.forHeap(256 * MIB).maxConnections()).isEqualTo((96 - 12) * MIB / 2816);
        assertThat(TcpOptions.forHeap(880 * MIB).maxConnections()).isEqualTo(107_520);
        assertThat(TcpOptions.forHeap(1024 * MIB).maxConnections()).isEqualTo((384 - 48) * MIB / 2816);
        assertThat(TcpOptions.forHeap(2048 * MIB).maxConnections()).isEqualTo(250_000);
        assertThat(TcpOptions.forHeap(64L << 30).maxConnections()).isEqualTo(250_000);
        assertThat(TcpOptions.forHeap(16 * MIB).maxConnections()).isEqualTo((6 - 1) * MIB / 2816);
    }

    @Test
    void anAnalysisHoldsHalfItsBudget() {
        MemoryBudget budget = new MemoryBudget(100 * MIB);
        assertThat(budget.perAnalysisBytes()).isEqualTo(50 * MIB);
        TcpOptions o = TcpOptions.forBudget(budget);
        assertThat(o.maxBufferedBytesTotal()).isEqualTo(50 * MIB / 8);
        assertThat(o.maxConnections() * MemoryBudget.BYTES_PER_CONNECTION + o.maxBufferedBytesTotal())
                .isLessThanOrEqualTo(50 * MIB);
    }

    @Test
    void heldBytesOverAllConnectionsFollowTheHeap() {
        assertThat(TcpOptions.forHeap(256 * MIB).maxBufferedBytesTotal()).isEqualTo(12 * MIB);
        assertThat(TcpOptions.forHeap(4096 * MIB).maxBufferedBytesTotal()).isEqualTo(64 * MIB);
        assertThat(TcpOptions.forHeap(16 * MIB).maxBufferedBytesTotal()).isEqualTo(MIB);
        TcpOptions o = TcpOptions.forHeap(256 * MIB);
        assertThat(o.maxBufferedBytesPerSide()).isEqualTo(256 * 1024);
        assertThat(o.idleTimeoutNanos()).isEqualTo(300_000_000_000L);
        assertThat(o.closedTimeoutNanos()).isEqualTo(60_000_000_000L);
    }

    @Test
    void theFourLimitConstructorKeeps64MiBOfHeldBytes() {
        assertThat(new TcpOptions(2, 1024, 1, 1).maxBufferedBytesTotal()).isEqualTo(64 * MIB);
    }
}
