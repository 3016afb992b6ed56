package dev.sluice.application.cache;

import dev.sluice.domain.exchange.ByteBudget;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * The chunks of a shared stream come so far, numbered from its first: all of them while they fit within {@code maxKept}
 * and the {@link ByteBudget} of answers being kept, then only those some reader has yet to read. Not thread-safe: its
 * {@link SharedStream} holds its lock around every call.
 */
final class KeptChunks {

    private final long maxKept;
    private final ByteBudget budget;
    /** The chunks from the one numbered {@link #first} on. */
    private final List<byte[]> chunks = new ArrayList<>();
    private long first;
    private long bytes;
    private boolean overflowed;
    /** What the chunks kept so far took from the budget, given back when they are no longer kept for all. */
    private long taken;

    KeptChunks(long maxKept, ByteBudget budget) {
        this.maxKept = maxKept;
        this.budget = budget;
    }

    /** Keeps the next chunk; past {@code maxKept} or the budget, the stream has overflowed and its start is let go. */
    void add(byte[] chunk) {
        chunks.add(chunk);
        bytes += chunk.length;
        if (!overflowed && (bytes > maxKept || !budget.take(chunk.length))) {
            overflowed = true;
            giveBack();
        } else if (!overflowed) {
            taken += chunk.length;
        }
    }

    /** Whether the stream outgrew what is kept: nobody more may join, and it is not cached. */
    boolean overflowed() {
        return overflowed;
    }

    /** The number the next chunk will have. */
    long head() {
        return first + chunks.size();
    }

    /** The chunk numbered {@code position}, which is still kept. */
    byte[] get(long position) {
        return chunks.get((int) (position - first));
    }

    /** Lets go of the chunks before {@code slowest}, the first some reader has yet to read. */
    void letGoBefore(long slowest) {
        int drop = (int) (slowest - first);
        if (drop > 0) {
            chunks.subList(0, drop).clear();
            first = slowest;
        }
    }

    /**
     * The whole stream, for the cache, in one array of its size: only while nothing has been let go, and only when the
     * join fits the budget beside the chunks (readers may still be reading them), or empty. Found by a probe: the joins
     * of three 10 MB streams, uncounted and made through a growing buffer, ran the 128 MB heap out and their readers
     * were left waiting. The join's share goes back with the chunks' ({@link #giveBack}).
     */
    Optional<byte[]> joined() {
        return joined(chunks, bytes, this::take);
    }

    private boolean take(long more) {
        if (!budget.take(more)) {
            return false;
        }
        taken += more;
        return true;
    }

    /**
     * Chunks as one array for the cache: the one chunk itself, or their join once {@code room} has taken its size (the
     * join is held beside the chunks while it is made, so it takes its room as they did); empty when it has none. The
     * one join of the cache's copies, a whole answer's ({@link CapturingBody}) and a shared stream's.
     */
    static Optional<byte[]> joined(List<byte[]> chunks, long size, LongPredicate room) {
        if (chunks.size() == 1) {
            return Optional.of(chunks.get(0));
        }
        if (!room.test(size)) {
            return Optional.empty();
        }
        byte[] all = new byte[Math.toIntExact(size)];
        int at = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, all, at, chunk.length);
            at += chunk.length;
        }
        return Optional.of(all);
    }

    /** Gives back to the budget what the chunks took: they are handed over, or no longer kept for all. */
    void giveBack() {
        budget.give(taken);
        taken = 0;
    }
}
