package dev.sluice.domain.exchange;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bodies between whole arrays and the chunk streams the pipeline passes on: a one-chunk stream of an
 * array, and an array read from a stream, refused past a size limit.
 */
public final class Bodies {

    private Bodies() {
    }

    public static Flow.Publisher<byte[]> of(byte[] body) {
        return new Whole(body);
    }

    /**
     * A body already whole in memory (a cache hit, a generated answer). It streams as one chunk like any
     * other, and an adapter that can write an array directly may take {@link #bytes()} instead.
     */
    public static final class Whole implements Flow.Publisher<byte[]> {

        private final byte[] bytes;

        private Whole(byte[] bytes) {
            this.bytes = bytes;
        }

        public byte[] bytes() {
            return bytes;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super byte[]> subscriber) {
            subscriber.onSubscribe(new Flow.Subscription() {
                private final AtomicBoolean done = new AtomicBoolean();

                @Override
                public void request(long n) {
                    if (n <= 0) {
                        if (done.compareAndSet(false, true)) {
                            subscriber.onError(new IllegalArgumentException("demand must be positive (§3.9)"));
                        }
                        return;
                    }
                    if (done.compareAndSet(false, true)) {
                        if (bytes.length > 0) {
                            subscriber.onNext(bytes);
                        }
                        subscriber.onComplete();
                    }
                }

                @Override
                public void cancel() {
                    done.set(true);
                }
            });
        }
    }

    /**
     * Refuses a body's second reader: a response body is read once (its bytes go to one client), so a second
     * subscriber gets an error, after a subscription that does nothing.
     */
    public static void refuseSecondReader(Flow.Subscriber<? super byte[]> reader) {
        reader.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        });
        reader.onError(new IllegalStateException("a response body can be read once"));
    }

    /** A body that grew past what its reader takes whole. */
    public static final class TooLarge extends IllegalStateException {
        TooLarge(long maxBytes) {
            super("body larger than " + maxBytes + " bytes");
        }
    }

    /** Reads a whole body; fails with {@link TooLarge} once it grows past {@code maxBytes}. */
    public static CompletionStage<byte[]> collect(Flow.Publisher<byte[]> body, long maxBytes) {
        CompletableFuture<byte[]> whole = new CompletableFuture<>();
        body.subscribe(new Flow.Subscriber<>() {
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                this.subscription = subscription;
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(byte[] chunk) {
                if (whole.isDone()) {
                    return;
                }
                if (bytes.size() + (long) chunk.length > maxBytes) {
                    subscription.cancel();
                    whole.completeExceptionally(new TooLarge(maxBytes));
                    return;
                }
                bytes.write(chunk, 0, chunk.length);
            }

            @Override
            public void onError(Throwable error) {
                whole.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                whole.complete(bytes.toByteArray());
            }
        });
        return whole;
    }
}
