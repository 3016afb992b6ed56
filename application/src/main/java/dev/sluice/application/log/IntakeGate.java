package dev.sluice.application.log;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Holds new calls while the log writer is behind but still writing, so that a store slower than the traffic slows
 * the traffic down to its pace instead of losing entries once the queue is full. A call asks {@link #room()} before
 * it starts: while fewer entries (and bytes of bodies) wait than the marks, it goes on at once; past them it waits
 * until the writer has taken the queue back below them, or for {@code maxHold} at most. Calls go on as the writer
 * takes a batch, so while the gate may hold calls its batches are cut to about {@link #BATCH_NANOS} of writing
 * ({@link #batchSize}). A call that has waited {@code maxHold} goes on whatever the queue: while the writer is in a
 * long write (the analytics sums of thousands of metadata values, a checkpoint), each call on a connection waits that
 * long at most, and the queue's room beyond the mark takes what they add.
 *
 * <p>What a call waits for is never the store's recovery: a writer whose last write failed (the store is down or
 * refuses), or that took and wrote nothing for {@link #STALLED_AFTER}, is stalled, and the gate stays open until it
 * writes a batch again; the queue's bound then decides, as without the gate. The calls already past the gate can
 * still fill the queue: with the mark as far below the queue's capacity as calls may be under way at once, they
 * cannot.
 */
public final class IntakeGate {

    /**
     * About the longest a batch's write should take while the gate holds calls: calls held go on when the writer takes
     * its next batch, so a batch of thousands (hundreds of milliseconds when entries are dear) would hold them as long.
     */
    static final long BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
    /** The fewest entries a batch is cut to, whatever they cost: below it, each commit's own price would dominate. */
    static final int FEWEST_PER_BATCH = 64;

    /**
     * A writer that has taken and written nothing for this long while the queue is past the mark is stuck (a store
     * that hangs rather than fails): no call waits for it. No call waits longer either ({@link Settings#maxHold}).
     */
    public static final Duration STALLED_AFTER = Duration.ofSeconds(2);

    /** Never holds a call. */
    public static final Settings NEVER = new Settings(0, 0, Duration.ZERO);

    /** What {@link #room()} answers while the writer keeps up: one stage, so a caller can tell it from a hold. */
    static final CompletionStage<Void> OPEN = CompletableFuture.completedStage(null);

    /**
     * @param holdAbove      entries waiting at or past which new calls are held; 0 never holds
     * @param holdAboveBytes bytes of bodies waiting at or past which new calls are held; 0 ignores bytes
     * @param maxHold        the longest a call waits
     */
    public record Settings(int holdAbove, long holdAboveBytes, Duration maxHold) {
        public Settings {
            if (holdAbove < 0 || holdAboveBytes < 0) {
                throw new IllegalArgumentException("the marks to hold calls at cannot be negative");
            }
            if (holdAbove > 0 && (maxHold.isNegative() || maxHold.isZero() || maxHold.compareTo(STALLED_AFTER) > 0)) {
                throw new IllegalArgumentException("the longest hold must be positive and at most " + STALLED_AFTER
                        + ", not " + maxHold);
            }
        }

        boolean holds() {
            return holdAbove > 0;
        }
    }

    private final Settings settings;
    private final long stalledAfterNanos;
    private final LongSupplier queued;
    private final LongSupplier queuedBytes;
    /** The calls held now, released together; null while the gate is open. */
    private final AtomicReference<Hold> held = new AtomicReference<>();
    private final AtomicLong heldCalls = new AtomicLong();
    /** The writer failed its last write, or was stuck: no call waits for it until it writes a batch. */
    private volatile boolean stalled;
    /** When the writer last began or wrote a batch, or finished its idle work. */
    private volatile long lastActive = System.nanoTime();
    /** What an entry took to write, on average over the last few batches (written and read on the writer's thread). */
    private long nanosPerEntry;

    IntakeGate(Settings settings, LongSupplier queued, LongSupplier queuedBytes) {
        this(settings, STALLED_AFTER, queued, queuedBytes);
    }

    IntakeGate(Settings settings, Duration stalledAfter, LongSupplier queued, LongSupplier queuedBytes) {
        this.settings = settings;
        this.stalledAfterNanos = stalledAfter.toNanos();
        this.queued = queued;
        this.queuedBytes = queuedBytes;
    }

    /**
     * Complete at once while the writer keeps up; otherwise completes, on the writer's thread, once it has caught up
     * (the caller bounds its own wait by {@link Settings#maxHold}: the gate keeps no timer, and a hold takes new calls
     * for that long at most).
     */
    CompletionStage<Void> room() {
        if (!settings.holds() || stalled || !behind()) {
            return OPEN;
        }
        if (System.nanoTime() - lastActive >= stalledAfterNanos) {
            // Past the mark, and the writer has taken and written nothing for a while: it is stuck.
            stalled = true;
            release();
            return OPEN;
        }
        while (true) {
            long now = System.nanoTime();
            Hold current = held.get();
            if (current != null && now - current.since < settings.maxHold().toNanos()) {
                heldCalls.incrementAndGet();
                return current.calls;
            }
            // A hold takes new calls for maxHold at most, then its calls go on (most already have, by their own
            // timers; the last to come early, which measured better than keeping them for another hold: 5,971 against
            // 4,758 req/s with the writer behind) and completing it drops what each left on it, however long the
            // writer stays behind.
            Hold hold = new Hold(now, new CompletableFuture<>());
            if (held.compareAndSet(current, hold)) {
                if (current != null) {
                    current.calls.complete(null);
                }
                if (stalled || !behind()) {
                    // The writer may have caught up, or failed, before the hold was in place, and looked for none:
                    // this call goes on at once, and is not counted as held.
                    release();
                    return OPEN;
                }
                heldCalls.incrementAndGet();
                return hold.calls;
            }
        }
    }

    /** The calls held since {@code since}. */
    private record Hold(long since, CompletableFuture<Void> calls) {
    }

    /**
     * The writer took a batch from the queue to write: what waits behind it may be below the marks again, and the
     * held calls' entries then fit the queue, whether or not this batch is written soon.
     */
    void taken() {
        if (!behind()) {
            release();
        }
    }

    /**
     * A batch of {@code entries} was written in {@code nanos}: the writer is making progress, and the held calls go on
     * once it has caught up.
     */
    void written(int entries, long nanos) {
        lastActive = System.nanoTime();
        if (entries > 0) {
            long perEntry = nanos / entries;
            long before = nanosPerEntry;
            nanosPerEntry = before == 0 ? perEntry : (before * 3 + perEntry) / 4;
        }
        stalled = false;
        if (!behind()) {
            release();
        }
    }

    /** A write failed: the store is down or refuses, which no call should wait out. */
    void failed() {
        stalled = true;
        release();
    }

    /** The writer is at work (a batch begun, its idle work done): it is not stuck. */
    void active() {
        lastActive = System.nanoTime();
    }

    /** The writer found its queue empty: it is idle, not stuck. */
    void idle() {
        active();
        release();
    }

    /** The held calls go on (the queue is below the marks, the writer failed, or it is closing). */
    void release() {
        Hold hold = held.getAndSet(null);
        if (hold != null) {
            hold.calls.complete(null);
        }
    }

    /**
     * The most entries the writer's next batch should take: as many as it writes in about {@link #BATCH_NANOS} at the
     * pace of its batches so far, when this gate may hold calls; the configured size otherwise.
     */
    int batchSize(int configured) {
        long perEntry = nanosPerEntry;
        if (!settings.holds() || perEntry == 0) {
            return configured;
        }
        return (int) Math.min(configured, Math.max(FEWEST_PER_BATCH, BATCH_NANOS / perEntry));
    }

    Duration maxHold() {
        return settings.maxHold();
    }

    /** Calls held so far, each counted once. */
    long heldCalls() {
        return heldCalls.get();
    }

    private boolean behind() {
        return queued.getAsLong() >= settings.holdAbove()
                || settings.holdAboveBytes() > 0 && queuedBytes.getAsLong() >= settings.holdAboveBytes();
    }
}
