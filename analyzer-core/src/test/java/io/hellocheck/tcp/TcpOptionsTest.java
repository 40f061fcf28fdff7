package io.hellocheck.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TcpOptionsTest {
    private static final long MIB = 1L << 20;

    @Test
    void theConnectionCapFollowsTheHeap() {
        assertThat(TcpOptions.forHeap(256 * MIB).maxConnections()).isEqualTo(32_768);
        assertThat(TcpOptions.forHeap(1024 * MIB).maxConnections()).isEqualTo(131_072);
        assertThat(TcpOptions.forHeap(1536 * MIB).maxConnections()).isEqualTo(196_608);
        assertThat(TcpOptions.forHeap(2048 * MIB).maxConnections()).isEqualTo(250_000);
        assertThat(TcpOptions.forHeap(64L << 30).maxConnections()).isEqualTo(250_000);
        assertThat(TcpOptions.forHeap(16 * MIB).maxConnections()).isEqualTo(10_000);
    }

    @Test
    void heldBytesOverAllConnectionsFollowTheHeap() {
        assertThat(TcpOptions.forHeap(256 * MIB).maxBufferedBytesTotal()).isEqualTo(32 * MIB);
        assertThat(TcpOptions.forHeap(4096 * MIB).maxBufferedBytesTotal()).isEqualTo(64 * MIB);
        assertThat(TcpOptions.forHeap(16 * MIB).maxBufferedBytesTotal()).isEqualTo(4 * MIB);
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
