package io.hellocheck.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The budget's rule (banker's algorithm, each analysis claiming half the budget) on small numbers. */
class MemoryBudgetTest {
    private static final long MIB = 1L << 20;

    @Test
    void twoAnalysesAtTheirLimitFit() {
        MemoryBudget b = new MemoryBudget(100 * MIB);
        try (MemoryBudget.Lease x = b.lease(); MemoryBudget.Lease y = b.lease()) {
            assertThat(x.ensure(50 * MIB)).isEqualTo(50 * MIB);
            assertThat(y.ensure(50 * MIB)).isEqualTo(50 * MIB);
            assertThat(b.grantedBytes()).isEqualTo(100 * MIB);
        }
        assertThat(b.grantedBytes()).isZero();
    }

    @Test
    void aRequestThatCouldDeadlockWaitsUntilAnotherAnalysisEnds() throws Exception {
        MemoryBudget b = new MemoryBudget(100 * MIB);
        MemoryBudget.Lease x = b.lease();
        MemoryBudget.Lease y = b.lease();
        MemoryBudget.Lease z = b.lease();
        x.ensure(45 * MIB);
        y.ensure(45 * MIB);
        // 10 MiB are free, but after giving 6 to z neither x nor y (5 short each) nor z (44 short) could reach its
        // limit: z waits.
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> z.ensure(6 * MIB));
        assertThatThrownBy(() -> waiting.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        // x ends and gives its 45 MiB back: z gets its 6.
        x.close();
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(6 * MIB);
        y.close();
        z.close();
        assertThat(b.grantedBytes()).isZero();
    }

    @Test
    void aLaterAnalysisWaitsForTheEarlierOnesNotTheReverse() throws Exception {
        MemoryBudget b = new MemoryBudget(100 * MIB);
        MemoryBudget.Lease x = b.lease();
        MemoryBudget.Lease y = b.lease();
        MemoryBudget.Lease z = b.lease();
        z.ensure(40 * MIB);
        y.ensure(10 * MIB);
        // After 10 more MiB for y, 40 are free: x (the oldest, holding nothing) could reach its 50 only if z gave
        // its 40 back first, and z, a later capture, may be waiting for x's records: y waits.
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> y.ensure(20 * MIB));
        assertThatThrownBy(() -> waiting.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        // x, the oldest, is never kept waiting while the budget can still take its whole claim.
        assertThat(x.ensure(50 * MIB)).isEqualTo(50 * MIB);
        x.close();
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(20 * MIB);
        y.close();
        z.close();
        assertThat(b.grantedBytes()).isZero();
    }

    @Test
    void aSafeRequestIsGrantedAtOnceAndRoundedToWholeMiB() {
        MemoryBudget b = new MemoryBudget(100 * MIB);
        try (MemoryBudget.Lease x = b.lease(); MemoryBudget.Lease y = b.lease()) {
            x.ensure(45 * MIB);
            assertThat(y.ensure(MIB + 1)).isEqualTo(2 * MIB);
            assertThat(y.trim(0)).isEqualTo(MIB);
            assertThat(b.grantedBytes()).isEqualTo(46 * MIB);
        }
    }

    @Test
    void oneAnalysisNeverAsksMoreThanHalf() {
        MemoryBudget b = new MemoryBudget(100 * MIB);
        try (MemoryBudget.Lease x = b.lease()) {
            assertThatThrownBy(() -> x.ensure(51 * MIB)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
