package dev.sluice.application.universal;

import dev.sluice.domain.chat.ServerSentEvent;
import dev.sluice.domain.chat.SseDecoder;
import dev.sluice.domain.exchange.UpstreamResponse;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Holds a streamed answer until its first chunk arrives, so a step whose stream fails before the client
 * has seen anything can still fall back: a stream that ends, fails or stays silent past the step's
 * timeout before its first chunk, or whose first event is an error event (then read to its end, so its
 * log entry is whole), is given up (empty). Otherwise
 * the answer is committed: the same response, whose body starts with the held chunk and goes on with the
 * rest of the provider's stream, unbuffered.
 */
final class FirstContent implements Flow.Subscriber<byte[]> {

    private final CompletableFuture<Optional<UpstreamResponse>> outcome = new CompletableFuture<>();
    private final UpstreamResponse response;
    private final byte[] errorEvent;
    private long requested;
    private boolean tailPending;
    private final Object lock = new Object();
    private Flow.Subscription upstream;
    private ScheduledFuture<?> timer;
    private byte[] first;
    private Flow.Subscriber<? super byte[]> downstream;
    private Throwable endError;
    private boolean ended;
    private volatile boolean draining;

    private FirstContent(UpstreamResponse response, byte[] errorEvent) {
        this.response = response;
        this.errorEvent = errorEvent;
    }

    /**
     * @param errorEvent what ends the committed stream, in the provider's format, if the provider's stream
     *                   fails after content was sent: the client reads a failed answer, never a whole one
     */
    static CompletionStage<Optional<UpstreamResponse>> await(UpstreamResponse response, Optional<Duration> timeout,
                                                             byte[] errorEvent, ScheduledExecutorService scheduler) {
        FirstContent watch = new FirstContent(response, errorEvent);
        timeout.ifPresent(limit -> watch.timer = scheduler.schedule(watch::giveUp, limit.toMillis(),
                TimeUnit.MILLISECONDS));
        response.body().subscribe(watch);
        return watch.outcome;
    }

    private void giveUp() {
        if (outcome.complete(Optional.empty())) {
            Flow.Subscription subscription;
            synchronized (lock) {
                subscription = upstream;
            }
            if (subscription != null) {
                subscription.cancel();
            }
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        synchronized (lock) {
            upstream = subscription;
        }
        if (outcome.isDone()) {
            subscription.cancel();
            return;
        }
        subscription.request(1);
    }

    @Override
    public void onNext(byte[] chunk) {
        if (draining) {
            return;
        }
        Flow.Subscriber<? super byte[]> reader;
        synchronized (lock) {
            reader = downstream;
            if (reader == null) {
                first = chunk;
            }
        }
        if (reader != null) {
            synchronized (lock) {
                requested--;
            }
            reader.onNext(chunk);
            return;
        }
        cancelTimer();
        if (isError(chunk)) {
            // Read to its end rather than cut: the step's log entry keeps its status and its error.
            draining = true;
            outcome.complete(Optional.empty());
            upstream.request(Long.MAX_VALUE);
            return;
        }
        if (!outcome.complete(Optional.of(new UpstreamResponse(response.status(), response.headers(), this::attach)))) {
            upstream.cancel();
        }
    }

    @Override
    public void onError(Throwable error) {
        end(error);
    }

    @Override
    public void onComplete() {
        end(null);
    }

    private void end(Throwable error) {
        cancelTimer();
        Flow.Subscriber<? super byte[]> reader;
        synchronized (lock) {
            ended = true;
            endError = error;
            reader = downstream;
        }
        if (outcome.complete(Optional.empty())) {
            return;
        }
        if (reader != null && first == null) {
            signalEnd(reader);
        }
    }

    /** The committed body's one reader: the held chunk first, then the rest as it is asked for. */
    private void attach(Flow.Subscriber<? super byte[]> reader) {
        synchronized (lock) {
            if (downstream != null) {
                reader.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {
                    }

                    @Override
                    public void cancel() {
                    }
                });
                reader.onError(new IllegalStateException("a response body can be read once"));
                return;
            }
            downstream = reader;
        }
        reader.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                byte[] held;
                boolean over;
                boolean tail;
                synchronized (lock) {
                    requested = requested + n < 0 ? Long.MAX_VALUE : requested + n;
                    held = first;
                    first = null;
                    over = ended;
                    tail = tailPending && held == null;
                    tailPending = false;
                    if (held != null) {
                        requested--;
                    }
                }
                if (tail) {
                    reader.onNext(errorEvent);
                    reader.onComplete();
                    return;
                }
                if (held != null) {
                    reader.onNext(held);
                    if (over) {
                        signalEnd(reader);
                        return;
                    }
                    if (n > 1) {
                        upstream.request(n - 1);
                    }
                    return;
                }
                upstream.request(n);
            }

            @Override
            public void cancel() {
                upstream.cancel();
            }
        });
    }

    /** A clean end passes on; a failure ends with the provider-format error event, once it may be sent. */
    private void signalEnd(Flow.Subscriber<? super byte[]> reader) {
        if (endError == null) {
            reader.onComplete();
            return;
        }
        synchronized (lock) {
            if (requested <= 0) {
                tailPending = true;
                return;
            }
            requested--;
        }
        reader.onNext(errorEvent);
        reader.onComplete();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /** An event stream whose first event is an error (Anthropic's {@code event: error}, a {@code data: {"error":…}}). */
    static boolean isError(byte[] chunk) {
        SseDecoder decoder = new SseDecoder();
        List<ServerSentEvent> events = decoder.read(chunk);
        if (events.isEmpty()) {
            events = decoder.end();
        }
        if (events.isEmpty()) {
            return false;
        }
        ServerSentEvent event = events.get(0);
        String data = event.data().stripLeading();
        return event.event().equals("error") || data.startsWith("{\"error\"") || data.contains("\"type\":\"error\"");
    }
}
