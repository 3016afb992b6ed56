package dev.sluice.application.log;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes records in batches on a thread of its own (made by the thread factory it is given, so the
 * application decides what threads exist), so whoever offers a record never waits for the store.
 * The queue is bounded: when it is full an offered record is refused and counted as dropped. A batch
 * the store fails to take is kept and retried, with a growing pause, until it is written, so a store
 * outage costs only queue space. Each time a batch has failed {@link #PROBE_AFTER} more times it is written in
 * pieces (two, then four, … up to {@link #MOST_PIECES}): if the store takes any piece it is up, and a record
 * it still refuses on its own is one it will never take (a value it cannot keep); that record is dropped and
 * counted, where before its batch was retried forever and every record behind it waited until the queue
 * overflowed. If it takes no piece, it is down, and the batch is retried whole, unless the sink says of every
 * piece's failure that the store refuses a record in it ({@link Sink#refuses}): then each piece is narrowed down
 * as well, so that refused records spread over every piece cannot hold the batch forever. An {@link Error} from the
 * store (an {@link OutOfMemoryError} while it binds a large batch) is a failure like any other: the thread lives
 * on and tries again, where before it died and every later record was refused as if the store could not keep
 * up. {@link #close(Duration)} stops taking records and writes everything accepted before it returns; what it
 * still cannot write by the deadline is counted as dropped.
 *
 * @param <T> the record type
 */
public final class BatchingWriter<T> implements AutoCloseable {

    /** Where batches go; throwing means "not written, try again". */
    @FunctionalInterface
    public interface Sink<T> {
        void write(List<T> batch);

        /** Called when no record came for a flush interval, and once more after the last batch at close. */
        default void idle() {
        }

        /**
         * Whether {@code failure}, thrown by {@link #write}, says the store refuses a record it was given (it will
         * never take it) rather than that it cannot write now. A probe's pieces that all fail so are narrowed down
         * to the records refused, where pieces that all fail otherwise mean the store is down.
         */
        default boolean refuses(Throwable failure) {
            return false;
        }

        /**
         * The most records the next batch may take, given the configured batch size: a sink whose writer holds
         * others up while it is behind takes smaller ones then, so that room comes back a little at a time.
         */
        default int nextBatchSize(int configured) {
            return configured;
        }
    }

    /**
     * What the writer tells its owner, who turns it into warnings and metrics. Called on the writer's
     * thread, or on the offering thread for a refused record, so it must be quick and rate-limit its own
     * logging.
     */
    public interface Listener {
        void storeFailed(Throwable error, int attempt, int batchSize);

        void dropped(long count, String reason);
    }

    public record Settings(int capacity, int batchSize, Duration flushInterval, Duration maxRetryPause) {
        public Settings {
            if (capacity < 1 || batchSize < 1) {
                throw new IllegalArgumentException("capacity and batch size must be positive");
            }
        }
    }

    /** Failures in a row after which a batch is written in pieces: is the store down, or does it refuse a record? */
    static final int PROBE_AFTER = 3;
    /** The most pieces a probe writes a batch in (a power of two): failing writes while the store is down. */
    static final int MOST_PIECES = 16;

    private final BlockingQueue<T> queue;
    private final Sink<T> sink;
    private final Listener listener;
    private final Settings settings;
    private final Thread thread;
    private final AtomicBoolean accepting = new AtomicBoolean(true);
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean draining;
    private volatile long deadlineNanos = Long.MAX_VALUE;

    /** Starts writing on a thread from {@code threads}, the one thread the writer keeps for itself. */
    public BatchingWriter(ThreadFactory threads, Sink<T> sink, Listener listener, Settings settings) {
        this.queue = new ArrayBlockingQueue<>(settings.capacity());
        this.sink = sink;
        this.listener = listener;
        this.settings = settings;
        this.thread = threads.newThread(this::run);
        this.thread.start();
    }

    /** Never blocks: {@code false} when the writer is closed or its queue is full (the record is dropped). */
    public boolean offer(T record) {
        if (!accepting.get()) {
            drop(1, "the writer is shutting down");
            return false;
        }
        if (!queue.offer(record)) {
            drop(1, "the queue is full (" + settings.capacity() + " records): the store cannot keep up");
            return false;
        }
        return true;
    }

    public int queued() {
        return queue.size();
    }

    public long written() {
        return written.get();
    }

    public long dropped() {
        return dropped.get();
    }

    private void run() {
        List<T> batch = new ArrayList<>(settings.batchSize());
        while (true) {
            try {
                if (batch.isEmpty()) {
                    T first = queue.poll(settings.flushInterval().toNanos(), TimeUnit.NANOSECONDS);
                    if (first == null) {
                        idle();
                        if (draining) {
                            return;
                        }
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, Math.max(1, sink.nextBatchSize(settings.batchSize())) - 1);
                }
                if (!writeWithRetries(batch)) {
                    drop(batch.size() + queue.size(), "the store could not be written before shutdown's deadline");
                    queue.clear();
                    return;
                }
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** False only when shutdown's deadline passed before the batch could be written. */
    private boolean writeWithRetries(List<T> batch) throws InterruptedException {
        long pauseMillis = 50;
        for (int attempt = 1; ; attempt++) {
            Throwable failure = write(batch, attempt);
            if (failure == null) {
                return true;
            }
            if (attempt % PROBE_AFTER == 0) {
                // A batch of one cannot be halved: records that came meanwhile join it, to compare it against.
                queue.drainTo(batch, settings.batchSize() - batch.size());
                if ((batch.size() > 1 || sink.refuses(failure)) && writtenInPieces(batch, attempt)) {
                    return true;
                }
            }
            long now = System.nanoTime();
            if (now - deadlineNanos >= 0) {
                return false;
            }
            long pause = Math.min(pauseMillis, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - now));
            Thread.sleep(Math.max(1, pause));
            pauseMillis = Math.min(pauseMillis * 2, settings.maxRetryPause().toMillis());
        }
    }

    /**
     * Writes the batch in pieces: two at the first probe, four at the next, and so on up to {@link #MOST_PIECES},
     * so that records the store refuses in several pieces still leave one it takes. False when it took none and
     * not every failure says it refuses a record ({@link Sink#refuses}): it is down, and the batch is retried
     * whole. Otherwise each refused piece is narrowed down until what is left is the records it refuses one by
     * one, which are dropped. Where no piece was taken, a record is dropped only for a failure that says it is
     * refused; one that fails otherwise (the store went down meanwhile) stays in the batch, which is then retried
     * (false).
     */
    private boolean writtenInPieces(List<T> batch, int attempt) {
        int size = batch.size();
        int pieces = Math.min(size, 1 << Math.min(attempt / PROBE_AFTER, Integer.numberOfTrailingZeros(MOST_PIECES)));
        List<Refused<T>> refused = new ArrayList<>();
        for (int i = 0; i < pieces; i++) {
            List<T> piece = batch.subList(i * size / pieces, (i + 1) * size / pieces);
            Throwable failure = write(piece, attempt);
            if (failure != null) {
                refused.add(new Refused<>(piece, failure));
            }
        }
        boolean storeUp = refused.size() < pieces;
        if (!storeUp && !refused.stream().allMatch(piece -> sink.refuses(piece.failure()))) {
            return false;
        }
        List<T> retry = new ArrayList<>();
        refused.forEach(piece -> narrow(piece.records(), piece.failure(), attempt, storeUp, retry));
        batch.clear();
        batch.addAll(retry);
        return batch.isEmpty();
    }

    /**
     * A part the store refused (with {@code failure}): what it takes of it is written, what it refuses dropped
     * (when the store took other records, or says it refuses this one), the rest, and each half not yet written once
     * shutdown's deadline has passed, added to {@code retry}.
     */
    private void narrow(List<T> part, Throwable failure, int attempt, boolean storeUp, List<T> retry) {
        if (!storeUp && !sink.refuses(failure)) {
            // Nothing was taken and this is no refusal: the store may be down; halving would only fail again.
            retry.addAll(part);
            return;
        }
        if (part.size() == 1) {
            drop(1, (storeUp ? "the store refuses it while it takes the records beside it ("
                    : "the store says it refuses it (") + failure.getMessage() + ")");
            return;
        }
        int middle = part.size() / 2;
        for (List<T> half : List.of(part.subList(0, middle), part.subList(middle, part.size()))) {
            if (pastDeadline()) {
                // A part narrowed down record by record is two writes a record: none starts past shutdown's deadline.
                retry.addAll(half);
                continue;
            }
            Throwable halfFailure = write(half, attempt);
            if (halfFailure != null) {
                narrow(half, halfFailure, attempt, storeUp, retry);
            }
        }
    }

    private boolean pastDeadline() {
        return System.nanoTime() - deadlineNanos >= 0;
    }

    private record Refused<T>(List<T> records, Throwable failure) {
    }

    /** Null when the store took the records, else what it threw. */
    private Throwable write(List<T> records, int attempt) {
        try {
            sink.write(List.copyOf(records));
            written.addAndGet(records.size());
            return null;
        } catch (RuntimeException | Error e) {
            listener.storeFailed(e, attempt, records.size());
            return e;
        }
    }

    private void idle() {
        try {
            sink.idle();
        } catch (RuntimeException | Error e) {
            listener.storeFailed(e, 1, 0);
        }
    }

    private void drop(long count, String reason) {
        if (count > 0) {
            dropped.addAndGet(count);
            listener.dropped(count, reason);
        }
    }

    /** Stops taking records and writes the queue out, waiting at most {@code grace}. */
    public void close(Duration grace) {
        accepting.set(false);
        deadlineNanos = System.nanoTime() + grace.toNanos();
        draining = true;
        try {
            thread.join(Math.max(1, grace.toMillis() + settings.flushInterval().toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // A record offered while closing may arrive after the last batch: it is counted, not lost silently.
        List<T> late = new ArrayList<>();
        queue.drainTo(late);
        drop(late.size(), "it arrived while the writer was shutting down");
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
