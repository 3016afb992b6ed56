package dev.sluice.domain.exchange;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Holds a provider's answer until its body's first chunk, so that a body that fails before anything of it
 * could reach the client is answered as the failure it is (a 502), not as a head with nothing after it: the
 * server holds a streamed response's head until its first chunk, so such an answer reached the client as a
 * closed connection. The stage completes with the same response, whose body starts with the held chunk and
 * goes on with the rest as it is asked for (unbuffered), once the first chunk arrives or the body ends empty;
 * it fails with the body's failure when that comes first.
 */
public final class FirstChunk implements Flow.Subscriber<byte[]> {

    private final CompletableFuture<UpstreamResponse> outcome = new CompletableFuture<>();
    private final UpstreamResponse response;
    private final Object lock = new Object();
    private Flow.Subscription upstream;
    private Flow.Subscriber<? super byte[]> downstream;
    private byte[] held;
    private boolean ended;
    private Throwable failure;
    private boolean signalled;

    private FirstChunk(UpstreamResponse response) {
        this.response = response;
    }

    /** {@code response} once its body's first chunk (or its empty end) has arrived; failed if its body failed first. */
    public static CompletionStage<UpstreamResponse> await(UpstreamResponse response) {
        if (response.body() instanceof Bodies.Whole) {
            return CompletableFuture.completedFuture(response);
        }
        FirstChunk watch = new FirstChunk(response);
        response.body().subscribe(watch);
        return watch.outcome;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        synchronized (lock) {
            upstream = subscription;
        }
        subscription.request(1);
    }

    @Override
    public void onNext(byte[] chunk) {
        Flow.Subscriber<? super byte[]> reader;
        synchronized (lock) {
            reader = downstream;
            if (reader == null) {
                held = chunk;
            }
        }
        if (reader != null) {
            reader.onNext(chunk);
        } else {
            outcome.complete(committed());
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
        Flow.Subscriber<? super byte[]> reader;
        boolean pending;
        synchronized (lock) {
            ended = true;
            failure = error;
            reader = downstream;
            pending = held != null;
        }
        if (reader == null && !pending) {
            // Nothing of the body arrived: an empty body is an answer; a failure is the answer's failure.
            if (error == null) {
                outcome.complete(committed());
            } else {
                outcome.completeExceptionally(error);
            }
            return;
        }
        if (reader != null && !pending) {
            signalEnd(reader);
        }
    }

    private UpstreamResponse committed() {
        return new UpstreamResponse(response.status(), response.headers(), this::attach);
    }

    /** The body's one reader: the held chunk first, then the rest as it is asked for. */
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
                byte[] first;
                boolean over;
                synchronized (lock) {
                    first = held;
                    held = null;
                    over = ended;
                }
                if (first == null) {
                    if (over) {
                        signalEnd(reader);
                    } else {
                        upstream.request(n);
                    }
                    return;
                }
                reader.onNext(first);
                if (over) {
                    signalEnd(reader);
                } else if (n > 1) {
                    upstream.request(n - 1);
                }
            }

            @Override
            public void cancel() {
                upstream.cancel();
            }
        });
    }

    /** The body's end passed on once, whichever of the end and the reader's request comes last. */
    private void signalEnd(Flow.Subscriber<? super byte[]> reader) {
        Throwable error;
        synchronized (lock) {
            if (signalled) {
                return;
            }
            signalled = true;
            error = failure;
        }
        if (error == null) {
            reader.onComplete();
        } else {
            reader.onError(error);
        }
    }
}
