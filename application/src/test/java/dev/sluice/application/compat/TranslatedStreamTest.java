package dev.sluice.application.compat;

import dev.sluice.domain.chat.ChatEvent;
import dev.sluice.domain.chat.ChatStreamDecoder;
import dev.sluice.domain.chat.ChatStreamEncoder;
import dev.sluice.domain.chat.ChatSurface;
import dev.sluice.domain.chat.FinishReason;
import dev.sluice.domain.chat.ProviderError;
import dev.sluice.domain.chat.ServerSentEvent;
import dev.sluice.domain.chat.SseDecoder;
import dev.sluice.domain.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay that rewrites a provider's stream in the client's words: chunk for chunk, demand honoured
 * (a chunk that completes no event asks for the next), the closing event only after a whole answer, an
 * error event and a failure after a cut, an unfinished or an interrupted stream, and usage reported.
 * The decoder and encoder here are a minimal line format ({@code data: text}, {@code event: done}); the
 * real dialects have their own tests.
 */
class TranslatedStreamTest {

    /** {@code data: x} is text x; {@code event: done} finishes; {@code event: error} fails; {@code event: usage} has tokens. */
    private static final class LineDecoder implements ChatStreamDecoder {
        private boolean finished;

        @Override
        public List<ChatEvent> read(ServerSentEvent event) {
            switch (event.event()) {
                case "done":
                    finished = true;
                    return List.of(new ChatEvent.Finished(0, FinishReason.STOP));
                case "error":
                    return List.of(new ChatEvent.Failed("overloaded_error", event.data()));
                case "usage":
                    return List.of(new ChatEvent.Usage(TokenUsage.reported(3, Long.parseLong(event.data()))));
                case "bad":
                    throw new IllegalArgumentException("unreadable event");
                default:
                    return List.of(new ChatEvent.TextDelta(0, event.data()));
            }
        }

        @Override
        public boolean finished() {
            return finished;
        }
    }

    private static final class TextEncoder implements ChatStreamEncoder {
        @Override
        public byte[] write(ChatEvent event) {
            if (event instanceof ChatEvent.TextDelta text) {
                return ("[" + text.text() + "]").getBytes(StandardCharsets.UTF_8);
            }
            if (event instanceof ChatEvent.Failed failed) {
                return ("<failed " + failed.message() + ">").getBytes(StandardCharsets.UTF_8);
            }
            return event instanceof ChatEvent.Finished ? "<stop>".getBytes(StandardCharsets.UTF_8) : new byte[0];
        }

        @Override
        public byte[] end() {
            return "<DONE>".getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] fail(ProviderError error) {
            return ("<error " + error.message() + ">").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Reads a stream one chunk at a time, asking for the next only after each arrives. */
    private static class Reader implements Flow.Subscriber<byte[]> {
        final List<String> chunks = new CopyOnWriteArrayList<>();
        final AtomicReference<String> end = new AtomicReference<>();
        Flow.Subscription subscription;
        final boolean eager;

        Reader(boolean eager) {
            this.eager = eager;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(eager ? Long.MAX_VALUE : 1);
        }

        @Override
        public void onNext(byte[] item) {
            chunks.add(new String(item, StandardCharsets.UTF_8));
            if (!eager) {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            end.set("error: " + throwable.getMessage());
        }

        @Override
        public void onComplete() {
            end.set("complete");
        }

        String text() {
            return String.join("", chunks);
        }
    }

    private final List<TokenUsage> usage = new ArrayList<>();

    private static void awaitEnd(Reader reader) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (reader.end.get() == null && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private TranslatedStream stream;

    private Reader relay(boolean eager, List<String> chunks, boolean cut) {
        SubmissionPublisher<byte[]> provider = new SubmissionPublisher<>(Runnable::run, 16);
        stream = new TranslatedStream(provider, new LineDecoder(), new TextEncoder(), usage::add);
        Reader reader = new Reader(eager);
        stream.subscribe(reader);
        chunks.forEach(chunk -> provider.submit(chunk.getBytes(StandardCharsets.UTF_8)));
        if (cut) {
            provider.closeExceptionally(new java.io.IOException("connection reset"));
        } else {
            provider.close();
        }
        awaitEnd(reader);
        return reader;
    }

    /** A body others read too: its reader may detach, and is then sent the rest unasked. */
    private static final class SharedBody implements Flow.Publisher<byte[]> {
        Flow.Subscriber<? super byte[]> relay;
        volatile boolean cancelled;
        volatile boolean detached;

        @Override
        public void subscribe(Flow.Subscriber<? super byte[]> subscriber) {
            relay = subscriber;
            subscriber.onSubscribe(new dev.sluice.application.pipeline.SharedSubscription() {
                @Override
                public boolean detach(Flow.Subscriber<byte[]> rest) {
                    detached = rest == relay;
                    return true;
                }

                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                    cancelled = true;
                }
            });
        }

        void send(String text) {
            relay.onNext(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aClientLeavingABodyOthersReadOnDetachesTheTranslationWhichGoesOnToTheProvidersEnd() {
        SharedBody provider = new SharedBody();
        stream = new TranslatedStream(provider, new LineDecoder(), new TextEncoder(), usage::add);
        Reader client = new Reader(true);
        stream.subscribe(client);
        provider.send("data: Hel\n\n");
        Reader rest = new Reader(true); // told the rest unasked: it asks for nothing

        assertThat(((dev.sluice.application.pipeline.SharedSubscription) client.subscription).detach(rest)).isTrue();
        provider.send("data: lo\n\nevent: usage\ndata: 7\n\n");
        provider.send("event: done\ndata: {}\n\n");
        provider.relay.onComplete();

        assertThat(provider.detached).as("the translation itself is told the rest").isTrue();
        assertThat(provider.cancelled).isFalse();
        assertThat(client.text()).isEqualTo("[Hel]");
        assertThat(rest.text()).isEqualTo("[lo]<stop><DONE>");
        assertThat(rest.end.get()).isEqualTo("complete");
        assertThat(usage).containsExactly(TokenUsage.reported(3, 7));
        assertThat(stream.whole()).as("for the cache, as the leader's translation judges it").isTrue();
    }

    @Test
    void aWholeStreamIsRewrittenChunkForChunkAndEndsWithTheClosingEvent() {
        Reader reader = relay(false, List.of("data: Hel", "lo\n\ndata: world\n\n", "event: usage\ndata: 7\n\n",
                "event: done\ndata: {}\n\n"), false);
        assertThat(reader.chunks).containsExactly("[Hello][world]", "<stop><DONE>");
        assertThat(reader.end.get()).isEqualTo("complete");
        assertThat(usage).containsExactly(TokenUsage.reported(3, 7));
        assertThat(stream.whole()).isTrue();
    }

    @Test
    void aStreamThatStopsBeforeItsClosingEventEndsWithAnErrorAndFails() {
        Reader reader = relay(true, List.of("data: partial\n\n"), false);
        assertThat(reader.text()).isEqualTo("[partial]<error The provider's stream ended before its answer was complete>");
        assertThat(reader.text()).doesNotContain("DONE");
        assertThat(reader.end.get()).isEqualTo("complete");
        assertThat(stream.whole()).isFalse();
    }

    @Test
    void aCutConnectionEndsWithAnErrorAndFails() {
        Reader reader = relay(false, List.of("data: partial\n\n", "data: more"), true);
        assertThat(reader.text()).startsWith("[partial]<error The provider's stream failed")
                .contains("connection reset").doesNotContain("DONE");
        assertThat(reader.end.get()).isEqualTo("complete");
        assertThat(stream.whole()).isFalse();
    }

    @Test
    void anErrorEventFromTheProviderIsPassedOnAndNothingAfterIt() {
        Reader reader = relay(true, List.of("data: a\n\nevent: error\ndata: Overloaded\n\ndata: b\n\n",
                "event: done\ndata: {}\n\n"), false);
        assertThat(reader.text()).isEqualTo("[a]<failed Overloaded>");
        assertThat(reader.end.get()).isEqualTo("complete");
        assertThat(stream.whole()).isFalse();
    }

    @Test
    void anUnreadableEventEndsTheStreamWithAnError() {
        Reader reader = relay(true, List.of("data: a\n\n", "event: bad\ndata: x\n\n", "data: b\n\n"), false);
        assertThat(reader.text()).startsWith("[a]<error").contains("unreadable event");
        assertThat(reader.end.get()).isEqualTo("complete");
        assertThat(stream.whole()).isFalse();
    }

    /**
     * Found by a probe: a provider's event of 10 MB ran the heap out, and the client's stream hung with nothing more
     * until the upstream timeout. An event past the bound ends the stream with an error event as soon as it is read
     * that far, and the provider's body is let go.
     */
    @Test
    void anEventPastTheBoundEndsTheStreamWithAnErrorAsSoonAsItIsReadThatFar() {
        String piece = "x".repeat(1024 * 1024);
        List<String> chunks = new ArrayList<>(List.of("data: a\n\n", "data: "));
        for (int i = 0; i < 6; i++) {
            chunks.add(piece);
        }
        chunks.add("\n\nevent: done\ndata: {}\n\n");
        Reader reader = relay(true, chunks, false);
        assertThat(reader.text()).startsWith("[a]<error The provider's stream failed")
                .contains("larger than " + SseDecoder.MAX_EVENT_BYTES + " bytes").doesNotContain("DONE");
        assertThat(reader.end.get()).isEqualTo("complete");
        assertThat(stream.whole()).isFalse();
    }

    /** A pass-through: its events go on as they came, watched with {@link LineDecoder}. */
    private Reader passing(List<String> chunks) {
        ChatSurface surface = (ChatSurface) java.lang.reflect.Proxy.newProxyInstance(ChatSurface.class.getClassLoader(),
                new Class<?>[]{ChatSurface.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "passedStream" -> new LineDecoder();
                    case "streamFailure" -> ("<error " + ((ProviderError) args[0]).message() + ">")
                            .getBytes(StandardCharsets.UTF_8);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        SubmissionPublisher<byte[]> provider = new SubmissionPublisher<>(Runnable::run, 16);
        stream = TranslatedStream.passing(provider, surface);
        Reader reader = new Reader(true);
        stream.subscribe(reader);
        chunks.forEach(chunk -> provider.submit(chunk.getBytes(StandardCharsets.UTF_8)));
        provider.close();
        awaitEnd(reader);
        return reader;
    }

    /**
     * Found by a probe: a passed stream cut within an event (one over the bound) had the cut event's start sent, and
     * the error event ran on from it, so the OpenAI SDK failed to read JSON rather than raise the error. Only whole
     * events go on, each once its blank line has come, as the provider sent them.
     */
    @Test
    void aPassedStreamGoesOnInWholeEventsAndACutEventIsNotSentInPart() {
        Reader split = passing(List.of("data: a\n\nda", "ta: b\r\n\r", "\nevent: done\ndata: {}"));
        assertThat(split.chunks).containsExactly("data: a\n\n", "data: b\r\n\r", "\nevent: done\ndata: {}");
        assertThat(stream.whole()).isTrue();

        String piece = "x".repeat(1024 * 1024);
        List<String> chunks = new ArrayList<>(List.of("data: a\n\n", "data: "));
        for (int i = 0; i < 6; i++) {
            chunks.add(piece);
        }
        Reader cut = passing(chunks);
        assertThat(cut.text()).startsWith("data: a\n\n<error The provider's stream failed")
                .contains("larger than " + SseDecoder.MAX_EVENT_BYTES + " bytes").doesNotContain("xxx");
        assertThat(stream.whole()).isFalse();

        Reader failing = passing(List.of("data: a\n\nevent: error\ndata: Overloaded"));
        assertThat(failing.text()).as("the provider's own error event, closed").isEqualTo(
                "data: a\n\nevent: error\ndata: Overloaded\n\n");
        assertThat(stream.whole()).isFalse();
    }

    @Test
    void theLastBytesWaitForDemandWhenTheReaderHasAskedForNothingMore() throws Exception {
        SubmissionPublisher<byte[]> provider = new SubmissionPublisher<>(Runnable::run, 16);
        TranslatedStream stream = new TranslatedStream(provider, new LineDecoder(), new TextEncoder(), usage::add);
        Reader reader = new Reader(false) {
            @Override
            public void onNext(byte[] item) {
                chunks.add(new String(item, StandardCharsets.UTF_8));
            }
        };
        stream.subscribe(reader);
        provider.submit("data: one\n\n".getBytes(StandardCharsets.UTF_8));
        provider.submit("event: done\ndata: {}".getBytes(StandardCharsets.UTF_8));
        provider.close();
        Thread.sleep(50);
        assertThat(reader.chunks).containsExactly("[one]");
        assertThat(reader.end.get()).isNull();
        reader.subscription.request(1);
        awaitEnd(reader);
        assertThat(reader.chunks).containsExactly("[one]", "<stop><DONE>");
        assertThat(reader.end.get()).isEqualTo("complete");
        assertThat(stream.whole()).isTrue();
    }

    /**
     * A provider that keeps its connection open after its closing event does not hold the client: the closing event is
     * sent with the provider's, usage that came with it is reported, and what the provider sends after it is read
     * and let go (not cancelled, so the answer below can still be kept whole) without reaching the client.
     */
    @Test
    void theAnswerEndsAtTheProvidersClosingEventWhileItsConnectionStaysOpen() {
        SubmissionPublisher<byte[]> provider = new SubmissionPublisher<>(Runnable::run, 16);
        TranslatedStream stream = new TranslatedStream(provider, new LineDecoder(), new TextEncoder(), usage::add);
        Reader reader = new Reader(false);
        stream.subscribe(reader);
        provider.submit("data: one\n\n".getBytes(StandardCharsets.UTF_8));
        provider.submit("event: usage\ndata: 9\n\nevent: done\ndata: {}\n\ndata: late\n\n".getBytes(StandardCharsets.UTF_8));
        awaitEnd(reader);
        assertThat(reader.chunks).containsExactly("[one]", "<stop><DONE>");
        assertThat(reader.end.get()).isEqualTo("complete");
        assertThat(usage).containsExactly(TokenUsage.reported(3, 9));
        assertThat(stream.whole()).isTrue();

        provider.submit("data: after\n\n".getBytes(StandardCharsets.UTF_8));
        provider.submit("event: error\ndata: late\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(provider.estimateMaximumLag()).as("what came after is read, not left waiting").isZero();
        assertThat(provider.getNumberOfSubscribers()).as("nor is the provider's body cancelled").isEqualTo(1);
        provider.closeExceptionally(new java.io.IOException("reset after the end"));
        assertThat(reader.chunks).containsExactly("[one]", "<stop><DONE>");
        assertThat(stream.whole()).isTrue();
    }

    @Test
    void aSecondReaderIsRefused() {
        SubmissionPublisher<byte[]> provider = new SubmissionPublisher<>(Runnable::run, 16);
        TranslatedStream stream = new TranslatedStream(provider, new LineDecoder(), new TextEncoder(), usage::add);
        stream.subscribe(new Reader(true));
        Reader second = new Reader(true);
        stream.subscribe(second);
        assertThat(second.end.get()).contains("read once");
    }
}
