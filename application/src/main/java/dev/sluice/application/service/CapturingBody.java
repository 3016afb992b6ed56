package dev.sluice.application.service;

import dev.sluice.domain.cache.CachedResponse;
import dev.sluice.domain.exchange.UpstreamResponse;

import java.io.ByteArrayOutputStream;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Passes a response body on chunk by chunk, unchanged and without waiting, while keeping a copy. When
 * the body ends cleanly, within the size limit and as long as its {@code Content-Length} said, the
 * copy is handed over as a cacheable response; an error, a cancelled or an oversized body hands over
 * nothing. Exactly one hand-over happens per subscription.
 */
final class CapturingBody implements Flow.Publisher<byte[]> {

    private final UpstreamResponse response;
    private final long maxSize;
    private final Consumer<Optional<CachedResponse>> onEnd;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    CapturingBody(UpstreamResponse response, long maxSize, Consumer<Optional<CachedResponse>> onEnd) {
        this.response = response;
        this.maxSize = maxSize;
        this.onEnd = onEnd;
    }

    UpstreamResponse response() {
        return new UpstreamResponse(response.status(), response.headers(), this);
    }

    @Override
    public void subscribe(Flow.Subscriber<? super byte[]> downstream) {
        if (!subscribed.compareAndSet(false, true)) {
            downstream.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            downstream.onError(new IllegalStateException("a response body can be read once"));
            return;
        }
        response.body().subscribe(new Capture(downstream));
    }

    private final class Capture implements Flow.Subscriber<byte[]> {

        private final Flow.Subscriber<? super byte[]> downstream;
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile ByteArrayOutputStream copy = new ByteArrayOutputStream();

        Capture(Flow.Subscriber<? super byte[]> downstream) {
            this.downstream = downstream;
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
                    end(Optional.empty());
                    subscription.cancel();
                }
            });
        }

        @Override
        public void onNext(byte[] chunk) {
            ByteArrayOutputStream kept = copy;
            if (kept != null) {
                if (kept.size() + (long) chunk.length > maxSize) {
                    copy = null;
                } else {
                    kept.write(chunk, 0, chunk.length);
                }
            }
            downstream.onNext(chunk);
        }

        @Override
        public void onError(Throwable error) {
            end(Optional.empty());
            downstream.onError(error);
        }

        @Override
        public void onComplete() {
            end(complete());
            downstream.onComplete();
        }

        private Optional<CachedResponse> complete() {
            ByteArrayOutputStream kept = copy;
            if (kept == null) {
                return Optional.empty();
            }
            byte[] body = kept.toByteArray();
            OptionalLong declared = declaredLength();
            if (declared.isPresent() && declared.getAsLong() != body.length) {
                return Optional.empty();
            }
            return Optional.of(CachedResponse.of(response.status(), response.headers(), body));
        }

        private OptionalLong declaredLength() {
            try {
                return response.headers().first("content-length")
                        .map(value -> OptionalLong.of(Long.parseLong(value.trim())))
                        .orElse(OptionalLong.empty());
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }

        private void end(Optional<CachedResponse> captured) {
            if (ended.compareAndSet(false, true)) {
                copy = null;
                onEnd.accept(captured);
            }
        }
    }
}
