package dev.sluice.domain.exchange;

import dev.sluice.domain.chat.StreamEnding;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Predicate;

/**
 * Holds a provider's answer until its body's first chunk, so that a body that fails before anything of it
 * could reach the client is answered as the failure it is (a 502, or a universal step's fallback), not as a
 * head with nothing after it: the server holds a streamed response's head until its first chunk, so such an
 * answer reached the client as a closed connection. {@link #answer()} completes with the same response, whose
 * body starts with the held chunk and goes on with the rest as it is asked for (unbuffered), once the first
 * chunk arrives or the body ends empty; it fails with the body's failure when that comes first, or when the
 * wait is given up ({@link #giveUp()}). Given a test of the opening ({@link #watch(UpstreamResponse, byte[],
 * Predicate)}), it holds chunks until the test passes one (the answer then starts with all it held), or the body
 * ends; a body that fails before that fails the answer.
 *
 * <p>{@link #await(UpstreamResponse)} also waits out the end of a body whose first chunk is all its
 * {@code Content-Length} announced (a short answer arrives so: its end is in the same read), and answers it as a
 * {@linkplain Bodies.Whole whole} body, which a server can write in one piece rather than as a stream.
 */
public final class FirstChunk implements Flow.Subscriber<byte[]> {

    /** What the gateway says of an answer whose body failed before its first chunk (a 502), to its client and its log. */
    public static final String FAILED_BEFORE_FIRST = "The provider's answer failed before its body's first byte";

    private final CompletableFuture<UpstreamResponse> outcome = new CompletableFuture<>();
    private final UpstreamResponse response;
    private final byte[] failureTail;
    private final Predicate<byte[]> opened;
    /** The body's announced length when a first chunk of that length is to be held to its end; -1 otherwise. */
    private final long wholeAt;
    private final Object lock = new Object();
    private Flow.Subscription upstream;
    private Flow.Subscriber<? super byte[]> downstream;
    private byte[] held;
    private long requested;
    private boolean ended;
    private Throwable failure;
    private boolean signalled;
    private boolean tailPending;
    /** With a failure tail: the body's last chunks, enough for its last event, to tell a stream cut short. */
    private final ArrayDeque<byte[]> recent = new ArrayDeque<>();
    private long recentBytes;

    private FirstChunk(UpstreamResponse response, byte[] failureTail, Predicate<byte[]> opened, long wholeAt) {
        this.response = response;
        this.failureTail = failureTail;
        this.opened = opened;
        this.wholeAt = wholeAt;
    }

    /**
     * {@code response} once its body's first chunk (or its empty end) has arrived; failed if its body failed first. A
     * first chunk that is all the body's {@code Content-Length} is held to the body's end, and the answer's body is
     * then {@linkplain Bodies.Whole whole}.
     */
    public static CompletionStage<UpstreamResponse> await(UpstreamResponse response) {
        if (response.body() instanceof Bodies.Whole) {
            return CompletableFuture.completedFuture(response);
        }
        FirstChunk watch = new FirstChunk(response, null, chunk -> true, response.declaredLength().orElse(-1));
        response.body().subscribe(watch);
        return watch.answer();
    }

    /**
     * Starts reading {@code response}'s body to its first chunk.
     *
     * @param failureTail what ends the body, in place of its failure, if it fails after the first chunk (a stream's
     *                    error event in the provider's format, so the client reads a failed answer, never a whole
     *                    one); null to pass the failure on
     */
    public static FirstChunk watch(UpstreamResponse response, byte[] failureTail) {
        return watch(response, failureTail, chunk -> true);
    }

    /**
     * Starts reading {@code response}'s body until {@code opened} passes a chunk: it is asked about each chunk as
     * it arrives, in order, until it answers true (a stream's opening events are held until one with content).
     */
    public static FirstChunk watch(UpstreamResponse response, byte[] failureTail, Predicate<byte[]> opened) {
        FirstChunk watch = new FirstChunk(response, failureTail, opened, -1);
        response.body().subscribe(watch);
        return watch;
    }

    public CompletionStage<UpstreamResponse> answer() {
        return outcome;
    }

    /**
     * Stops waiting for the first chunk (a timeout): the answer fails and the body is cancelled, told first that it
     * timed out ({@link TimeoutNotice}). No-op after it.
     */
    public void giveUp() {
        giveUp(true);
    }

    /**
     * Stops waiting for the first chunk: the answer fails and the body is cancelled. No-op after it.
     *
     * @param timedOut whether it is a timeout (the body is told), rather than its client having left
     */
    public void giveUp(boolean timedOut) {
        if (outcome.completeExceptionally(new CancellationException(timedOut ? "no first chunk in time"
                : "the client left"))) {
            if (timedOut && response.body() instanceof TimeoutNotice notice) {
                notice.timedOut();
            }
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
        Flow.Subscriber<? super byte[]> reader;
        synchronized (lock) {
            if (failureTail != null) {
                keepRecent(chunk);
            }
            reader = downstream;
            if (reader == null) {
                held = held == null ? chunk : joined(held, chunk);
            } else {
                requested--;
            }
        }
        if (reader != null) {
            reader.onNext(chunk);
        } else if (outcome.isDone()) {
            upstream.cancel();
        } else if (!opened.test(chunk)) {
            upstream.request(1);
        } else if (heldAll()) {
            // The end is due at once (it came in the same read): it completes the answer, whole.
            upstream.request(1);
        } else if (!outcome.complete(committed())) {
            upstream.cancel();
        }
    }

    private static byte[] joined(byte[] before, byte[] after) {
        byte[] both = Arrays.copyOf(before, before.length + after.length);
        System.arraycopy(after, 0, both, before.length, after.length);
        return both;
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
            reader = downstream;
            pending = held != null;
            boolean committed = reader != null || pending && outcome.isDone();
            failure = error == null && committed && cutShort() ? new StreamCutShort() : error;
        }
        if (reader == null && (!pending || !outcome.isDone())) {
            // Nothing of the body arrived, or only an opening still held: an empty body (or the opening alone) is
            // an answer; a failure is the answer's failure.
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

    /** Keeps the last chunks that hold the last {@link StreamEnding#LAST_BYTES} bytes; under the lock. */
    private void keepRecent(byte[] chunk) {
        recent.addLast(chunk);
        recentBytes += chunk.length;
        while (recentBytes - recent.peekFirst().length >= StreamEnding.LAST_BYTES) {
            recentBytes -= recent.removeFirst().length;
        }
    }

    /**
     * Whether a stream that ended cleanly stopped before its closing event ({@code [DONE]}, {@code message_stop})
     * with no error event: found by a probe, such a stream reached the universal endpoint's client with no error event,
     * read as a whole answer, while its entry said it failed. One that ended on an error event has told its client
     * (a second probe found the tail sent after it, two errors for one failure). Under the lock; only with a failure
     * tail.
     */
    private boolean cutShort() {
        if (failureTail == null || recent.isEmpty()) {
            return false;
        }
        byte[] last = new byte[(int) recentBytes];
        int at = 0;
        for (byte[] chunk : recent) {
            System.arraycopy(chunk, 0, last, at, chunk.length);
            at += chunk.length;
        }
        return StreamEnding.stoppedUntold(response.headers().first("content-type").orElse(""), last);
    }

    /** A stream that ended cleanly before its end: it ends with the failure tail, as a failed one does. */
    private static final class StreamCutShort extends RuntimeException {
        StreamCutShort() {
            super("the stream ended before its closing event", null, false, false);
        }
    }

    private boolean heldAll() {
        synchronized (lock) {
            return holdingAll();
        }
    }

    /** Whether the chunk held is all the body announced; under the lock. */
    private boolean holdingAll() {
        return wholeAt > 0 && held != null && held.length == wholeAt;
    }

    private UpstreamResponse committed() {
        synchronized (lock) {
            if (ended && failure == null && downstream == null && holdingAll()) {
                return new UpstreamResponse(response.status(), response.headers(), Bodies.of(held));
            }
        }
        return new UpstreamResponse(response.status(), response.headers(), this::attach);
    }

    /** The body's one reader: the held chunk first, then the rest as it is asked for. */
    private void attach(Flow.Subscriber<? super byte[]> reader) {
        boolean again;
        synchronized (lock) {
            again = downstream != null;
            if (!again) {
                downstream = reader;
            }
        }
        if (again) {
            Bodies.refuseSecondReader(reader);
            return;
        }
        reader.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                byte[] chunk;
                boolean over;
                boolean tail;
                synchronized (lock) {
                    requested = requested + n < 0 ? Long.MAX_VALUE : requested + n;
                    chunk = held;
                    held = null;
                    over = ended;
                    tail = tailPending && chunk == null;
                    if (tail) {
                        tailPending = false;
                        signalled = true;
                        requested--;
                    }
                    if (chunk != null) {
                        requested--;
                    }
                }
                if (tail) {
                    reader.onNext(failureTail);
                    reader.onComplete();
                    return;
                }
                if (chunk == null) {
                    if (over) {
                        signalEnd(reader);
                    } else {
                        upstream.request(n);
                    }
                    return;
                }
                reader.onNext(chunk);
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

    /**
     * The body's end passed on once, whichever of the end and the reader's request comes last; a failure with a
     * tail ends with the tail once the reader has asked for it.
     */
    private void signalEnd(Flow.Subscriber<? super byte[]> reader) {
        Throwable error;
        synchronized (lock) {
            if (signalled) {
                return;
            }
            error = failure;
            if (error != null && failureTail != null && requested <= 0) {
                tailPending = true;
                return;
            }
            signalled = true;
            if (error != null && failureTail != null) {
                requested--;
            }
        }
        if (error == null) {
            reader.onComplete();
        } else if (failureTail != null) {
            reader.onNext(failureTail);
            reader.onComplete();
        } else {
            reader.onError(error);
        }
    }
}
