package dev.sluice.application.cache;

import dev.sluice.application.pipeline.SharedSubscription;
import dev.sluice.domain.exchange.Bodies;
import dev.sluice.domain.exchange.ByteBudget;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A leader's streamed answer, read once from the provider and shared as it arrives: the leader's client and every
 * identical request that joins while it streams ({@link #join()}) each read the stream from its first byte at its
 * own pace, the part already come at once and the rest as it comes. The provider is read as fast as the fastest
 * reader asks, while what came so far is kept (for readers behind and for those still to join, and to be cached);
 * past {@code maxKept} nobody more may join, what every reader has read is let go, and the slowest reader sets the
 * pace; so too once the copies of answers being kept would pass the {@link ByteBudget}. Readers leaving do not
 * stop the others; when the last one leaves before the end, the provider's body is cancelled. The leader's reader may
 * instead be told the rest as it comes ({@link Reader#detach}) while others read on, so that its log entry counts what
 * the provider sent; it then holds nobody back, asks for nothing, and keeps nothing going. How the stream ended is
 * handed over once ({@code onEnd}), when the first reader (the leader's client, whose translation judges the answer
 * whole) has read the end: the whole body when it ended cleanly within {@code maxKept}, nothing otherwise, nor when
 * that reader left first (not told the rest). Each reader sees the provider's own end: a clean end, or its failure. No
 * signal reaches a reader before its {@code onSubscribe} has returned.
 */
final class SharedStream implements Flow.Subscriber<byte[]> {

    private final Flow.Publisher<byte[]> source;
    private final Consumer<Optional<byte[]>> onEnd;
    private final Object lock = new Object();
    private final KeptChunks kept;
    private final List<Reader> readers = new ArrayList<>();
    private boolean subscribed;
    private Flow.Subscription upstream;
    private boolean asked;
    private boolean ended;
    private Throwable failure;
    private boolean abandoned;
    /** The first reader, the leader's client: the stream is handed over once it has read the end. */
    private Reader leader;
    private boolean leaderLeft;
    private Optional<byte[]> whole = Optional.empty();
    private final AtomicInteger asking = new AtomicInteger();
    private final AtomicBoolean handedOver = new AtomicBoolean();

    SharedStream(Flow.Publisher<byte[]> source, long maxKept, Consumer<Optional<byte[]>> onEnd) {
        this(source, maxKept, ByteBudget.UNLIMITED, onEnd);
    }

    SharedStream(Flow.Publisher<byte[]> source, long maxKept, ByteBudget budget, Consumer<Optional<byte[]>> onEnd) {
        this.source = source;
        this.kept = new KeptChunks(maxKept, budget);
        this.onEnd = onEnd;
    }

    /**
     * A new reader of the stream from its first byte; none once the stream has ended, been given up by all its
     * readers, or outgrown what is kept. A reader counts from here: its body must be read or discarded.
     */
    Optional<Flow.Publisher<byte[]>> join() {
        synchronized (lock) {
            if (ended || kept.overflowed()) {
                return Optional.empty();
            }
            Reader reader = new Reader();
            readers.add(reader);
            if (leader == null) {
                leader = reader;
            }
            return Optional.of(reader);
        }
    }

    /** Whether the stream is still coming: a request that could not join it would wait long for its end. */
    boolean streaming() {
        synchronized (lock) {
            return !ended;
        }
    }

    private void start() {
        boolean first;
        synchronized (lock) {
            first = !subscribed;
            subscribed = true;
        }
        if (first) {
            source.subscribe(this);
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        boolean cancel;
        synchronized (lock) {
            upstream = subscription;
            cancel = abandoned;
        }
        if (cancel) {
            subscription.cancel();
            return;
        }
        askIfWanted();
    }

    @Override
    public void onNext(byte[] chunk) {
        synchronized (lock) {
            asked = false;
            kept.add(chunk);
            if (kept.overflowed()) {
                letGoOfWhatAllHaveRead();
            }
        }
        drainAll();
    }

    @Override
    public void onError(Throwable error) {
        end(error);
    }

    @Override
    public void onComplete() {
        end(null);
    }

    /**
     * The provider's end. The stream is handed over once the leader's client has read it, so that whoever judges it
     * whole (the leader's translation) has seen all of it; at once, as not whole, if that client has left.
     */
    private void end(Throwable error) {
        boolean now;
        synchronized (lock) {
            if (ended) {
                return;
            }
            ended = true;
            failure = error;
            whole = error == null && !kept.overflowed() ? joined() : Optional.empty();
            now = leaderLeft;
        }
        if (now) {
            handOver(Optional.empty());
        }
        drainAll();
    }

    /** The whole stream for the cache, or none: a join the heap has no room for gives up the copy, not the readers. */
    private Optional<byte[]> joined() {
        try {
            return kept.joined();
        } catch (OutOfMemoryError noRoom) {
            return Optional.empty();
        }
    }

    private Optional<byte[]> whole() {
        synchronized (lock) {
            return whole;
        }
    }

    /** How the stream ended, once; a failure to take it must not keep the readers from their end. */
    private void handOver(Optional<byte[]> body) {
        if (handedOver.compareAndSet(false, true)) {
            try {
                onEnd.accept(body);
            } catch (RuntimeException ignored) {
                // The cache's own failure to store an entry; the readers' answer is not affected.
            } finally {
                synchronized (lock) {
                    kept.giveBack();
                }
            }
        }
    }

    private void letGoOfWhatAllHaveRead() {
        long slowest = kept.head();
        for (Reader reader : readers) {
            slowest = Math.min(slowest, reader.position);
        }
        kept.letGoBefore(slowest);
    }

    private void drainAll() {
        List<Reader> all;
        synchronized (lock) {
            all = List.copyOf(readers);
        }
        for (Reader reader : all) {
            reader.drain();
        }
        askIfWanted();
    }

    /**
     * Asks the provider for one more chunk when a reader has read all that came and wants more. A provider may
     * answer within the call (a chunk it had already read): the ask made meanwhile is made after it returns, not in
     * it, so a long stream is a loop here rather than a call as deep as its chunks.
     */
    private void askIfWanted() {
        if (asking.getAndIncrement() != 0) {
            return;
        }
        do {
            Flow.Subscription ask = null;
            synchronized (lock) {
                if (!ended && !asked && upstream != null && wanted()) {
                    asked = true;
                    ask = upstream;
                }
            }
            if (ask != null) {
                ask.request(1);
            }
        } while (asking.decrementAndGet() != 0);
    }

    private boolean wanted() {
        long head = kept.head();
        boolean someoneWaits = false;
        for (Reader reader : readers) {
            if (reader.position < head && kept.overflowed()) {
                return false;
            }
            someoneWaits |= !reader.silent && reader.subscriber != null && reader.demand > 0 && reader.position == head;
        }
        return someoneWaits;
    }

    /** A reader has gone: the last one to go before the end gives the provider's body up. */
    private void leave(Reader reader) {
        Flow.Subscription cancel = null;
        boolean giveUp = false;
        boolean handOverNow;
        synchronized (lock) {
            readers.remove(reader);
            leaderLeft |= reader == leader;
            // Left after the provider's end but before reading it: its translation saw no end (end() handed over
            // only for a leader gone before).
            handOverNow = reader == leader && ended;
            if (kept.overflowed()) {
                letGoOfWhatAllHaveRead();
            }
            if (readers.stream().allMatch(left -> left.silent) && !ended) {
                ended = true;
                abandoned = true;
                failure = new IllegalStateException("every reader left");
                giveUp = true;
                cancel = upstream;
            }
        }
        if (giveUp) {
            if (cancel != null) {
                cancel.cancel();
            } else {
                // Never read: subscribed now only to be cancelled, so the provider's connection is let go.
                start();
            }
            handOver(Optional.empty());
            drainAll(); // a leader told the rest hears of the end
        } else {
            if (handOverNow) {
                handOver(Optional.empty());
            }
            askIfWanted();
        }
    }

    /** One reader: its place in the stream and what it asked for; its signals are sent one at a time. */
    private final class Reader implements Flow.Publisher<byte[]>, SharedSubscription {

        private final AtomicInteger work = new AtomicInteger();
        private boolean claimed;
        /** Set once its {@code onSubscribe} has returned: no signal reaches it before. */
        private Flow.Subscriber<? super byte[]> subscriber;
        private long position;
        private long demand;
        private boolean done;
        /** Left by its client but still told the rest ({@link #detach}): it holds nobody back and keeps nothing going. */
        private boolean silent;

        @Override
        public void subscribe(Flow.Subscriber<? super byte[]> downstream) {
            boolean again;
            synchronized (lock) {
                again = claimed;
                claimed = true;
            }
            if (again) {
                Bodies.refuseSecondReader(downstream);
                return;
            }
            downstream.onSubscribe(this);
            synchronized (lock) {
                subscriber = downstream;
            }
            start();
            drain();
            askIfWanted();
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                cancel();
                Flow.Subscriber<? super byte[]> reader;
                synchronized (lock) {
                    reader = subscriber;
                }
                if (reader != null) {
                    reader.onError(new IllegalArgumentException("a request must ask for at least one chunk"));
                }
                return;
            }
            synchronized (lock) {
                if (done) {
                    return;
                }
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            }
            drain();
            askIfWanted();
        }

        @Override
        public void cancel() {
            synchronized (lock) {
                if (done || silent) {
                    return; // a reader told the rest leaves at the end, or when nobody else reads
                }
                done = true;
            }
            leave(this);
        }

        /**
         * The leader's client left while others read on (or after the provider's end): the rest goes to {@code rest},
         * so that the leader's log entry counts what the provider sent, and the leader still hands the stream over at
         * its end. A follower, whose answer is a hit, just leaves.
         */
        @Override
        public boolean detach(Flow.Subscriber<byte[]> rest) {
            synchronized (lock) {
                if (done || this != leader || subscriber == null || !ended && readers.size() < 2) {
                    return false;
                }
                silent = true;
                subscriber = rest;
                demand = Long.MAX_VALUE;
            }
            drain();
            askIfWanted();
            return true;
        }

        /** Sends what this reader may have now, one signal at a time, whichever thread asks. */
        void drain() {
            if (work.getAndIncrement() != 0) {
                return;
            }
            do {
                while (sendOne()) {
                    // Until nothing more can be sent now.
                }
            } while (work.decrementAndGet() != 0);
        }

        private boolean sendOne() {
            byte[] chunk = null;
            boolean finish = false;
            Throwable error = null;
            synchronized (lock) {
                if (done || subscriber == null) {
                    return false;
                }
                long head = kept.head();
                if (position < head && demand > 0) {
                    chunk = kept.get(position);
                    position++;
                    demand--;
                } else if (position == head && ended) {
                    done = true;
                    finish = true;
                    error = failure;
                    readers.remove(this);
                } else {
                    return false;
                }
            }
            if (finish) {
                if (error == null) {
                    subscriber.onComplete();
                } else {
                    subscriber.onError(error);
                }
                if (this == leader) {
                    handOver(error == null ? whole() : Optional.empty());
                }
                return false;
            }
            subscriber.onNext(chunk);
            return true;
        }
    }
}
