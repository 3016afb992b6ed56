package dev.sluice.application.pipeline;

import dev.sluice.domain.exchange.Bodies;

import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A response body passed on chunk by chunk, unchanged and without waiting, while a tap sees each chunk
 * and, exactly once, how the body ended: cleanly, or with an error or a cancellation. A body is read
 * once; a second reader gets an error. Shared by the cache's capture and the log's observation. A reader that
 * leaves a body others read on ({@link SharedSubscription}) does not stop it: the tap sees the rest of it, and then
 * the cancellation.
 */
public abstract class TappedBody implements Flow.Publisher<byte[]> {

    /** What one reading of the body is shown. Called on the thread that delivers the body. */
    protected interface Tap {
        void chunk(byte[] chunk);

        void end(boolean clean);

        /** The reader stopped reading before the end (its client left); the body is not clean. */
        default void cancelled() {
            end(false);
        }
    }

    private final Flow.Publisher<byte[]> body;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private volatile Forwarder reading;

    protected TappedBody(Flow.Publisher<byte[]> body) {
        this.body = body;
    }

    /** The tap for the one reading of the body. */
    protected abstract Tap tap();

    /** Called as reading starts, before the first chunk. */
    protected void reading() {
    }

    /** Claims the body for nobody, if nobody has started reading it: {@code true} when this call did. */
    protected final boolean claimUnread() {
        return claimed.compareAndSet(false, true);
    }

    protected final boolean claimed() {
        return claimed.get();
    }

    @Override
    public final void subscribe(Flow.Subscriber<? super byte[]> downstream) {
        if (!claimed.compareAndSet(false, true)) {
            Bodies.refuseSecondReader(downstream);
            return;
        }
        reading();
        Forwarder forwarder = new Forwarder(downstream, new Guarded(tap()));
        reading = forwarder;
        body.subscribe(forwarder);
    }

    /**
     * Ends the tap now, as a body cut short, if it is being read and has not ended: for what is still streaming when
     * the process stops, whose server may never signal its end. {@code true} when this call ended it.
     */
    protected final boolean endNow() {
        Forwarder forwarder = reading;
        return forwarder != null && forwarder.end(false);
    }

    /**
     * A tap that cannot break the answer it watches. What it does beside the answer (a copy for the cache, the log's)
     * may fail, the heap may be out of room for a copy: the client's answer goes on, the copy is given up, and the tap
     * is told the body was cancelled rather than that it ended cleanly. Found by the cache probe: a copy's
     * {@code OutOfMemoryError} left its client waiting for the rest of a 17 MB answer.
     */
    private static final class Guarded implements Tap {

        private final Tap tap;
        private boolean broken;

        Guarded(Tap tap) {
            this.tap = tap;
        }

        @Override
        public void chunk(byte[] chunk) {
            if (!broken) {
                try {
                    tap.chunk(chunk);
                } catch (RuntimeException | OutOfMemoryError failed) {
                    broken = true;
                }
            }
        }

        @Override
        public void end(boolean clean) {
            try {
                if (broken) {
                    tap.cancelled();
                } else {
                    tap.end(clean);
                }
            } catch (RuntimeException | OutOfMemoryError failed) {
                broken = true;
            }
        }

        @Override
        public void cancelled() {
            try {
                tap.cancelled();
            } catch (RuntimeException | OutOfMemoryError failed) {
                broken = true;
            }
        }
    }

    private static final class Forwarder implements Flow.Subscriber<byte[]> {

        private final Flow.Subscriber<? super byte[]> downstream;
        private final Tap tap;
        /** Whether the tap has been told how the body ended: once, whoever tells it. */
        private final AtomicBoolean ended = new AtomicBoolean();
        /** Whether the reader cancelled: a cancel after the first does nothing (a detached body goes on). */
        private final AtomicBoolean cancelled = new AtomicBoolean();

        Forwarder(Flow.Subscriber<? super byte[]> downstream, Tap tap) {
            this.downstream = downstream;
            this.tap = tap;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            downstream.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    subscription.request(n);
                }

                @Override
                public void cancel() {
                    if (!cancelled.compareAndSet(false, true)) {
                        return;
                    }
                    // A body others read on is left without stopping it; the tap still sees it to its end.
                    if (!ended.get() && subscription instanceof SharedSubscription shared
                            && shared.detach(new Rest(Forwarder.this))) {
                        return;
                    }
                    if (ended.compareAndSet(false, true)) {
                        tap.cancelled();
                    }
                    subscription.cancel();
                }
            });
        }

        @Override
        public void onNext(byte[] chunk) {
            tap.chunk(chunk);
            downstream.onNext(chunk);
        }

        @Override
        public void onError(Throwable error) {
            end(false);
            downstream.onError(error);
        }

        @Override
        public void onComplete() {
            if (cancelled.get()) {
                // The end of a detached body that reached this reader before the switch: its client had left.
                if (ended.compareAndSet(false, true)) {
                    tap.cancelled();
                }
            } else {
                end(true);
            }
            downstream.onComplete();
        }

        private boolean end(boolean clean) {
            if (ended.compareAndSet(false, true)) {
                tap.end(clean);
                return true;
            }
            return false;
        }
    }

    /**
     * What is left of a body its reader left while others read on: seen by the tap, which then ends as cancelled,
     * unless it was ended meanwhile ({@link #endNow}: the process stops).
     */
    private record Rest(Forwarder reader) implements Flow.Subscriber<byte[]> {

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            // Not called: the rest comes unasked.
        }

        @Override
        public void onNext(byte[] chunk) {
            if (!reader.ended.get()) {
                reader.tap.chunk(chunk);
            }
        }

        @Override
        public void onError(Throwable error) {
            onComplete();
        }

        @Override
        public void onComplete() {
            if (reader.ended.compareAndSet(false, true)) {
                reader.tap.cancelled();
            }
        }
    }
}
