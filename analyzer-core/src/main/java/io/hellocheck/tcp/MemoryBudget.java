package io.hellocheck.tcp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Heap shared by the analyses that run at once in one JVM: each analysis takes a {@link Lease} and holds, for
 * its TCP tracker, {@link #BYTES_PER_CONNECTION} bytes per live connection plus the out-of-order bytes it keeps
 * above holes. An analysis may hold at most {@link #perAnalysisBytes()} (half the budget), and its tracker evicts
 * at that size, whatever runs beside it, so that its records never depend on how many analyses run at once
 * ({@link TcpOptions#forBudget}). When the budget is full, an analysis that needs more waits until others give
 * room back, instead of evicting or running out of memory.
 *
 * <p>Waiting never deadlocks: a request is granted only when, afterwards, the analyses can still all reach their
 * limit one after the other in the order they took their leases, each giving back what it holds when it ends (the
 * banker's algorithm, Dijkstra 1965, with every analysis claiming {@link #perAnalysisBytes()}). The order is that
 * of the leases because a later analysis may wait for an earlier one in other ways (the batch writes records in
 * input order, so a later capture's task can wait for an earlier one's output), never the reverse. Two analyses
 * at their limit fit in the budget and never wait; a third one waits when the earlier ones could not all reach
 * their limit after its request.
 *
 * <p>{@link #jvmDefault()} is the budget every analysis uses unless its caller passes another
 * ({@code HelloCheck.Builder#memoryBudget}): three quarters of the JVM's maximum heap ({@code -Xmx}), the rest being
 * left for records waiting to be written, buffers and the JVM itself. Thread-safe.
 */
public final class MemoryBudget {

    /**
     * Heap budgeted per live connection, in bytes: 2.75 KiB. Measured: a handshake in flight with a browser's
     * 1,759-byte ClientHello (X25519MLKEM768 key share) received in two segments and decoded, waiting for the
     * server's answer, takes 2,632 bytes (heap used after a full collection with 14,784 of them in a JVM with the
     * launcher's former {@code -Xmx192m}, {@code InFlightHandshakesTest}; a heap histogram of 20,000 gives 2,452
     * bytes each: the connection table's entry and key 94, the connection and its two half streams 648, the
     * analysis with the client's TLS decoder and the evidence 864, the decoded ClientHello 708 and the frames it came
     * in 136). This figure is 7% above the first; decided connections take less.
     */
    public static final long BYTES_PER_CONNECTION = 2816;

    /** What a lease takes from the budget or gives back at once, so that most segments touch no lock. */
    static final long CHUNK_BYTES = 1L << 20;

    private static final class JvmDefault {
        static final MemoryBudget INSTANCE = new MemoryBudget(Runtime.getRuntime().maxMemory() / 4 * 3);
    }

    private final long bytes;
    /** The open leases, oldest first. */
    private final List<Lease> leases = new ArrayList<>();
    private long granted;

    /**
     * A budget of {@code bytes} bytes of heap.
     *
     * @throws IllegalArgumentException when {@code bytes} is below 2 MiB
     */
    public MemoryBudget(long bytes) {
        if (bytes < 2 * CHUNK_BYTES) {
            throw new IllegalArgumentException("a memory budget needs at least 2 MiB, not " + bytes + " bytes");
        }
        this.bytes = bytes;
    }

    /** The budget shared by every analysis of this JVM that is given no other: 3/4 of the maximum heap. */
    public static MemoryBudget jvmDefault() {
        return JvmDefault.INSTANCE;
    }

    /** The budget, in bytes. */
    public long bytes() {
        return bytes;
    }

    /** The most one analysis holds, in bytes: half the budget. */
    public long perAnalysisBytes() {
        return bytes / 2;
    }

    /** Bytes held now by all leases together (at most {@link #bytes()}). */
    public synchronized long grantedBytes() {
        return granted;
    }

    /** A lease for one analysis, holding nothing yet; close it when the analysis ends. */
    public synchronized Lease lease() {
        Lease l = new Lease();
        leases.add(l);
        return l;
    }

    /**
     * Whether giving {@code extra} more bytes to {@code to} leaves a safe state: the leases, oldest first, can each
     * reach their claim with what is free plus what the older ones gave back (banker's algorithm).
     */
    private boolean safe(Lease to, long extra) {
        long claim = perAnalysisBytes();
        long work = bytes - granted - extra;
        if (work < 0) {
            return false;
        }
        for (Lease l : leases) {
            long held = l == to ? l.held + extra : l.held;
            if (claim - held > work) {
                return false;
            }
            work += held;
        }
        return true;
    }

    /** One analysis's share of a {@link MemoryBudget}. Used by one thread at a time. */
    public final class Lease implements AutoCloseable {
        private long held;
        private boolean closed;

        private Lease() {
        }

        /** The budget this lease is a share of. */
        public MemoryBudget budget() {
            return MemoryBudget.this;
        }

        /** Bytes this lease holds. */
        public long heldBytes() {
            synchronized (MemoryBudget.this) {
                return held;
            }
        }

        /**
         * Makes the lease hold at least {@code needed} bytes (rounded up to whole MiB, at most
         * {@link #perAnalysisBytes()}), waiting while the budget has no safe room.
         *
         * @throws IllegalArgumentException when {@code needed} is above {@link #perAnalysisBytes()}
         * @return the bytes the lease holds now
         * @throws CancellationException    when the thread is interrupted while it waits (its interrupt flag set)
         */
        public long ensure(long needed) {
            long claim = perAnalysisBytes();
            if (needed > claim) {
                throw new IllegalArgumentException(needed + " bytes asked, above the " + claim + " one analysis may hold");
            }
            synchronized (MemoryBudget.this) {
                if (needed <= held) {
                    return held;
                }
                long target = Math.min(claim, (needed + CHUNK_BYTES - 1) / CHUNK_BYTES * CHUNK_BYTES);
                long extra = target - held;
                while (!safe(this, extra)) {
                    try {
                        MemoryBudget.this.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new CancellationException("interrupted while waiting for memory");
                    }
                }
                held += extra;
                granted += extra;
                return held;
            }
        }

        /**
         * Gives back what is held beyond {@code needed} bytes rounded up to whole MiB, plus one more MiB (so that a
         * connection coming and going does not take and give a chunk each time).
         *
         * @return the bytes the lease holds now
         */
        public long trim(long needed) {
            synchronized (MemoryBudget.this) {
                long keep = (needed + CHUNK_BYTES - 1) / CHUNK_BYTES * CHUNK_BYTES + CHUNK_BYTES;
                if (held > keep) {
                    granted -= held - keep;
                    held = keep;
                    MemoryBudget.this.notifyAll();
                }
                return held;
            }
        }

        /** Gives everything back and leaves the budget. */
        @Override
        public void close() {
            synchronized (MemoryBudget.this) {
                if (closed) {
                    return;
                }
                closed = true;
                granted -= held;
                held = 0;
                leases.remove(this);
                MemoryBudget.this.notifyAll();
            }
        }
    }
}
