package dev.sluice.application.compat;

import dev.sluice.application.pipeline.SharedSubscription;
import dev.sluice.domain.chat.ChatEvent;
import dev.sluice.domain.chat.ChatStreamDecoder;
import dev.sluice.domain.chat.ChatStreamEncoder;
import dev.sluice.domain.chat.ChatSurface;
import dev.sluice.domain.chat.ProviderError;
import dev.sluice.domain.chat.ServerSentEvent;
import dev.sluice.domain.chat.SseDecoder;
import dev.sluice.domain.exchange.Bodies;
import dev.sluice.domain.usage.TokenUsage;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A provider's event stream rewritten in the client's format as it arrives: each chunk the provider sends
 * becomes at most one chunk to the client, written as soon as it is read, never gathered. A stream that
 * ends as a whole answer ends with the client's closing event, sent with the provider's own closing event (its
 * usage included) rather than when the provider closes the connection, and nothing after it is translated; one the
 * provider cut, or ended before its
 * closing event, or interrupted with an error event, ends with an error event instead (the client reads
 * it, rather than a dropped connection), and {@link #whole()} says so to the log and the cache. A stream already
 * in the client's format ({@link #passing}) goes on byte for byte, watched the same way.
 */
final class TranslatedStream implements Flow.Publisher<byte[]> {

    private static final byte[] NOTHING = new byte[0];
    private static final byte[] EVENT_END = {'\n', '\n'};

    private final Flow.Publisher<byte[]> source;
    private final ChatStreamDecoder decoder;
    private final ChatStreamEncoder encoder;
    private final Consumer<TokenUsage> usage;
    private final boolean passed;
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final SseDecoder events = SseDecoder.bounded(SseDecoder.MAX_EVENT_BYTES);
    /** A passed stream's bytes since its last whole event, held until the event is whole. */
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private volatile boolean failed;
    private TokenUsage seen;

    TranslatedStream(Flow.Publisher<byte[]> source, ChatStreamDecoder decoder, ChatStreamEncoder encoder,
                     Consumer<TokenUsage> usage) {
        this(source, decoder, encoder, usage, false);
    }

    private TranslatedStream(Flow.Publisher<byte[]> source, ChatStreamDecoder decoder, ChatStreamEncoder encoder,
                             Consumer<TokenUsage> usage, boolean passed) {
        this.source = source;
        this.decoder = decoder;
        this.encoder = encoder;
        this.usage = usage;
        this.passed = passed;
    }

    /**
     * A stream the provider sends in the client's own format (a pass-through), passed on as it comes and watched
     * with the surface's {@link ChatSurface#passedStream()}: one that ends before its closing event, or is cut, ends
     * with the surface's error event, and one that carried an error event is not whole.
     */
    static TranslatedStream passing(Flow.Publisher<byte[]> source, ChatSurface surface) {
        ChatStreamEncoder failureOnly = new ChatStreamEncoder() {
            @Override
            public byte[] write(ChatEvent event) {
                return NOTHING;
            }

            @Override
            public byte[] end() {
                return NOTHING;
            }

            @Override
            public byte[] fail(ProviderError error) {
                return surface.streamFailure(error);
            }
        };
        return new TranslatedStream(source, surface.passedStream(), failureOnly, seen -> { }, true);
    }

    /** Whether what has been read so far is a whole answer that ended as its provider ends one. */
    boolean whole() {
        return !failed && decoder.finished();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super byte[]> downstream) {
        if (!subscribed.compareAndSet(false, true)) {
            source.subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscription.cancel();
                }

                @Override
                public void onNext(byte[] item) {
                }

                @Override
                public void onError(Throwable throwable) {
                }

                @Override
                public void onComplete() {
                }
            });
            Bodies.refuseSecondReader(downstream);
            return;
        }
        source.subscribe(new Relay(downstream));
    }

    /** Translates a chunk; empty when it completed no event worth sending. */
    private byte[] translate(List<ServerSentEvent> completed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ServerSentEvent event : completed) {
            if (failed || decoder.finished()) {
                break;
            }
            for (ChatEvent chat : decoder.read(event)) {
                if (chat instanceof ChatEvent.Usage reported) {
                    seen = seen == null ? reported.usage() : seen.merge(reported.usage());
                    usage.accept(seen);
                }
                if (chat instanceof ChatEvent.Failed) {
                    failed = true;
                }
                out.writeBytes(encoder.write(chat));
                if (failed) {
                    break;
                }
            }
        }
        return out.toByteArray();
    }

    /**
     * Of a passed stream, the whole events read so far and not yet sent: an event is sent once its blank line has come,
     * so a stream cut within an event (an event over the bound, a failure) ends with the error event after whole
     * events, where the cut event's start had gone ahead and the error ran on from it (found by a probe: the OpenAI
     * SDK then failed to read JSON rather than raise the error). At most one event is held, within the bound.
     */
    private byte[] wholeEvents(byte[] chunk) {
        int boundary = events.boundary();
        if (boundary < 0) {
            partial.writeBytes(chunk);
            return NOTHING;
        }
        byte[] whole;
        if (partial.size() == 0) {
            whole = boundary == chunk.length ? chunk : Arrays.copyOf(chunk, boundary);
        } else {
            partial.write(chunk, 0, boundary);
            whole = partial.toByteArray();
        }
        partial.reset();
        partial.write(chunk, boundary, chunk.length - boundary);
        return whole;
    }

    /**
     * The stream's last bytes once the provider's closing event has been read ({@code translated} the chunk that
     * held it): the client's answer ends there, whether or not the provider closes its connection then.
     */
    private Ending closed(byte[] translated) {
        byte[] end = encoder.end();
        byte[] both = new byte[translated.length + end.length];
        System.arraycopy(translated, 0, both, 0, translated.length);
        System.arraycopy(end, 0, both, translated.length, end.length);
        return new Ending(both, true);
    }

    /** The stream's last bytes and whether it ended whole. */
    private Ending ending(Optional<Throwable> error) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // A passed stream's last event, which no blank line closed: it goes on only as an answer's end or its error.
        byte[] held = passed ? partial.toByteArray() : NOTHING;
        boolean failedBefore = failed;
        if (error.isEmpty() && !failed) {
            try {
                byte[] last = translate(events.end());
                if (!passed) {
                    out.writeBytes(last);
                }
            } catch (RuntimeException | OutOfMemoryError unreadable) {
                error = Optional.of(unreadable);
            }
        }
        if (failed) {
            if (!failedBefore && held.length > 0) {
                out.writeBytes(held);
                out.writeBytes(EVENT_END);
            }
            return new Ending(out.toByteArray(), false);
        }
        if (error.isEmpty() && decoder.finished()) {
            out.writeBytes(held);
            out.writeBytes(encoder.end());
            return new Ending(out.toByteArray(), true);
        }
        failed = true;
        String why = error.map(cause -> "The provider's stream failed before its answer was complete"
                        + (cause instanceof OutOfMemoryError ? ": not enough memory to read one of its events now"
                        : cause.getMessage() == null ? "" : ": " + cause.getMessage()))
                .orElse("The provider's stream ended before its answer was complete");
        out.writeBytes(encoder.fail(new ProviderError("api_error", why, Optional.of("stream_interrupted"))));
        return new Ending(out.toByteArray(), false);
    }

    private record Ending(byte[] bytes, boolean whole) {
    }

    /**
     * Passes demand up and chunks down, one for one; a chunk that yields nothing asks for another. A client that
     * leaves a provider's body others read on ({@link SharedSubscription}) detaches it: the translation goes on to the
     * provider's end, for the usage and whether the answer was whole, and writes to whoever was told the rest.
     */
    private final class Relay implements Flow.Subscriber<byte[]>, SharedSubscription {

        private volatile Flow.Subscriber<? super byte[]> downstream;
        private final Object lock = new Object();
        private Flow.Subscription upstream;
        private long requested;
        private Ending pending;
        private boolean done;
        private volatile boolean draining;

        Relay(Flow.Subscriber<? super byte[]> downstream) {
            this.downstream = downstream;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            upstream = subscription;
            downstream.onSubscribe(this);
        }

        @Override
        public void request(long n) {
            Ending flush = null;
            synchronized (lock) {
                if (done) {
                    return;
                }
                requested = requested + n < 0 ? Long.MAX_VALUE : requested + n;
                if (pending != null) {
                    flush = pending;
                    pending = null;
                    done = true;
                }
            }
            if (flush != null) {
                finish(flush);
                return;
            }
            upstream.request(n);
        }

        @Override
        public void cancel() {
            synchronized (lock) {
                done = true;
            }
            if (!draining) {
                upstream.cancel();
            }
        }

        @Override
        public boolean detach(Flow.Subscriber<byte[]> rest) {
            synchronized (lock) {
                if (done) {
                    return false;
                }
            }
            // Told the rest itself, unasked; what comes before the switch below still reaches the client's tap.
            if (!(upstream instanceof SharedSubscription shared) || !shared.detach(this)) {
                return false;
            }
            Ending flush;
            synchronized (lock) {
                downstream = rest;
                requested = Long.MAX_VALUE;
                flush = pending;
                pending = null;
                done = flush != null;
            }
            if (flush != null) {
                finish(flush);
            }
            return true;
        }

        @Override
        public void onNext(byte[] chunk) {
            if (draining) {
                return;
            }
            if (failed) {
                upstream.request(1);
                return;
            }
            byte[] out;
            try {
                out = translate(events.read(chunk));
                if (passed) {
                    out = wholeEvents(chunk);
                }
            } catch (RuntimeException | OutOfMemoryError unreadable) {
                // An event past the decoder's bound, or one the heap has no room for: the client reads an error
                // event now, rather than waiting on a stream that will never go on.
                upstream.cancel();
                end(Optional.of(unreadable));
                return;
            }
            if (!failed && decoder.finished()) {
                drain();
                settle(closed(out));
                return;
            }
            if (out.length == 0) {
                upstream.request(1);
                return;
            }
            synchronized (lock) {
                requested--;
            }
            downstream.onNext(out);
        }

        @Override
        public void onError(Throwable error) {
            if (!draining) {
                end(Optional.of(error));
            }
        }

        @Override
        public void onComplete() {
            if (!draining) {
                end(Optional.empty());
            }
        }

        /**
         * The client's answer has ended at the provider's closing event; what the provider sends after it is read and
         * let go, so its connection ends as the provider ends it and the cache below still sees the whole answer.
         */
        private void drain() {
            draining = true;
            upstream.request(Long.MAX_VALUE);
        }

        private void end(Optional<Throwable> error) {
            settle(ending(error));
        }

        private void settle(Ending ending) {
            synchronized (lock) {
                if (done) {
                    return;
                }
                if (ending.bytes().length > 0 && requested <= 0) {
                    pending = ending;
                    return;
                }
                done = true;
            }
            finish(ending);
        }

        private void finish(Ending ending) {
            if (ending.bytes().length > 0) {
                downstream.onNext(ending.bytes());
            }
            downstream.onComplete();
        }
    }
}
