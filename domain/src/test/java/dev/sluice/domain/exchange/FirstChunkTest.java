package dev.sluice.domain.exchange;

import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FirstChunkTest {

    /** A body the test drives by hand: what it emits, when, and what was asked of it. */
    private static final class Driven implements Flow.Publisher<byte[]> {
        Flow.Subscriber<? super byte[]> subscriber;
        long requested;
        boolean cancelled;

        @Override
        public void subscribe(Flow.Subscriber<? super byte[]> subscriber) {
            this.subscriber = subscriber;
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    requested += n;
                }

                @Override
                public void cancel() {
                    cancelled = true;
                }
            });
        }

        void emit(String text) {
            requested--;
            subscriber.onNext(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static UpstreamResponse response(Driven body) {
        return new UpstreamResponse(200, Headers.EMPTY, body);
    }

    private static String read(CompletionStage<UpstreamResponse> answer) throws Exception {
        return new String(Bodies.collect(answer.toCompletableFuture().get(1, TimeUnit.SECONDS).body(), 1024)
                .toCompletableFuture().get(1, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }

    /** The answer's body, read while the provider sends {@code rest} and ends it. */
    private static String readingOn(CompletionStage<UpstreamResponse> answer, Driven body, String rest)
            throws Exception {
        CompletableFuture<byte[]> whole = Bodies.collect(answer.toCompletableFuture().get().body(), 1024)
                .toCompletableFuture();
        body.emit(rest);
        body.subscriber.onComplete();
        return new String(whole.get(1, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }

    @Test
    void theAnswerWaitsForTheFirstChunkAndItsBodyStartsWithIt() throws Exception {
        Driven body = new Driven();
        CompletionStage<UpstreamResponse> answer = FirstChunk.await(response(body));
        assertThat(answer.toCompletableFuture()).isNotDone();
        assertThat(body.requested).as("one chunk asked for, no more until the client reads").isEqualTo(1);

        body.emit("first ");
        assertThat(answer.toCompletableFuture()).isDone();
        assertThat(readingOn(answer, body, "second")).isEqualTo("first second");
    }

    @Test
    void aBodyThatFailsBeforeItsFirstChunkFailsTheAnswer() {
        Driven body = new Driven();
        CompletionStage<UpstreamResponse> answer = FirstChunk.await(response(body));
        body.subscriber.onError(new IOException("invalid chunk size"));
        assertThatThrownBy(() -> answer.toCompletableFuture().get(1, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasRootCauseMessage("invalid chunk size");
    }

    @Test
    void anEmptyBodyIsAnAnswer() throws Exception {
        Driven body = new Driven();
        CompletionStage<UpstreamResponse> answer = FirstChunk.await(response(body));
        body.subscriber.onComplete();
        assertThat(read(answer)).isEmpty();
    }

    @Test
    void aFailureAfterTheFirstChunkReachesTheReaderAfterIt() throws Exception {
        Driven body = new Driven();
        CompletionStage<UpstreamResponse> answer = FirstChunk.await(response(body));
        body.emit("part");
        body.subscriber.onError(new IOException("reset"));
        assertThatThrownBy(() -> read(answer)).hasRootCauseMessage("reset");
    }

    @Test
    void withATailAFailureAfterTheFirstChunkEndsWithTheTailOnceItIsAskedFor() throws Exception {
        Driven body = new Driven();
        FirstChunk watch = FirstChunk.watch(response(body), "event: error\n\n".getBytes(StandardCharsets.UTF_8));
        body.emit("data: a\n\n");
        body.subscriber.onError(new IOException("reset"));
        assertThat(read(watch.answer())).isEqualTo("data: a\n\nevent: error\n\n");
    }

    /**
     * Found by a probe: a stream that ended cleanly before its closing event ({@code [DONE]}, {@code message_stop})
     * reached the universal endpoint's client with no error event, read as a whole answer, while its entry said it
     * failed. It ends with the tail; a stream that ends as its format does is left as it came.
     */
    @Test
    void withATailAStreamThatEndsCleanlyBeforeItsClosingEventEndsWithTheTail() throws Exception {
        UpstreamResponse events = new UpstreamResponse(200, new Headers(List.of(new Header("content-type",
                "text/event-stream"))), new Driven());
        String chunk = "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n";
        // A second probe: one that ended on an error event (the unified API's, for an event over its bound) had the
        // tail after it too, two errors for one failure; it has told its client, and is left as it came.
        String error = "data: {\"error\":{\"message\":\"cut\",\"type\":\"api_error\"}}\n\n";
        for (String end : List.of("", "data: [DONE]\n\n", error)) {
            Driven body = new Driven();
            FirstChunk watch = FirstChunk.watch(new UpstreamResponse(200, events.headers(), body),
                    "tail".getBytes(StandardCharsets.UTF_8));
            body.emit(chunk);
            assertThat(readingOn(watch.answer(), body, chunk + end))
                    .isEqualTo(chunk + chunk + (end.isEmpty() ? "tail" : end));
        }
    }

    @Test
    void givingUpBeforeTheFirstChunkFailsTheAnswerAndCancelsTheBody() {
        Driven body = new Driven();
        FirstChunk watch = FirstChunk.watch(response(body), null);
        watch.giveUp();
        assertThat(body.cancelled).isTrue();
        assertThat(watch.answer().toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    void anOpeningIsHeldUntilTheTestPassesAChunkAndTheAnswerStartsWithAllOfIt() throws Exception {
        Driven body = new Driven();
        FirstChunk watch = FirstChunk.watch(response(body), null, chunk -> chunk[0] == 'c');
        body.emit("open1 ");
        assertThat(watch.answer().toCompletableFuture()).isNotDone();
        assertThat(body.requested).as("the next chunk asked for while the opening is held").isEqualTo(1);
        body.emit("open2 ");
        body.emit("content ");
        assertThat(watch.answer().toCompletableFuture()).isDone();
        assertThat(body.requested).as("nothing more asked for until the client reads").isZero();
        CompletableFuture<byte[]> whole = Bodies.collect(watch.answer().toCompletableFuture().get().body(), 1024)
                .toCompletableFuture();
        body.emit("rest");
        body.subscriber.onComplete();
        assertThat(new String(whole.get(1, TimeUnit.SECONDS), StandardCharsets.UTF_8))
                .isEqualTo("open1 open2 content rest");
    }

    @Test
    void aBodyThatFailsDuringItsOpeningFailsTheAnswer() {
        Driven body = new Driven();
        FirstChunk watch = FirstChunk.watch(response(body), "tail".getBytes(StandardCharsets.UTF_8), chunk -> false);
        body.emit("opening");
        body.subscriber.onError(new IOException("reset"));
        assertThatThrownBy(() -> watch.answer().toCompletableFuture().get(1, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasRootCauseMessage("reset");
    }

    @Test
    void aBodyThatEndsDuringItsOpeningIsAnAnswerOfTheOpeningAlone() throws Exception {
        Driven body = new Driven();
        FirstChunk watch = FirstChunk.watch(response(body), null, chunk -> false);
        body.emit("opening");
        body.subscriber.onComplete();
        assertThat(read(watch.answer())).isEqualTo("opening");
    }

    @Test
    void givingUpDuringTheOpeningCancelsTheBodyAndAsksForNothingMore() {
        Driven body = new Driven();
        FirstChunk watch = FirstChunk.watch(response(body), null, chunk -> false);
        body.emit("opening");
        watch.giveUp();
        assertThat(body.cancelled).isTrue();
        assertThat(watch.answer().toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    void aWholeBodyIsNotHeld() {
        UpstreamResponse whole = new UpstreamResponse(200, Headers.EMPTY, Bodies.of(new byte[] {1}));
        assertThat(FirstChunk.await(whole).toCompletableFuture().join()).isSameAs(whole);
    }

    private static UpstreamResponse announcing(long length, Driven body) {
        return new UpstreamResponse(200, new Headers(java.util.List.of(new dev.sluice.domain.header.Header(
                "Content-Length", Long.toString(length)))), body);
    }

    @Test
    void aFirstChunkThatIsAllTheAnnouncedLengthIsHeldToTheEndAndAnsweredWhole() throws Exception {
        Driven body = new Driven();
        CompletionStage<UpstreamResponse> answer = FirstChunk.await(announcing(11, body));
        body.emit("first whole");
        assertThat(answer.toCompletableFuture()).as("the end is asked for, not yet come").isNotDone();
        assertThat(body.requested).as("the end asked for").isEqualTo(1);

        body.subscriber.onComplete();
        assertThat(answer.toCompletableFuture().get(1, TimeUnit.SECONDS).body()).isInstanceOf(Bodies.Whole.class);
        assertThat(read(answer)).isEqualTo("first whole");
    }

    @Test
    void aFirstChunkShortOfTheAnnouncedLengthIsAnsweredAtOnceAndStreams() throws Exception {
        Driven body = new Driven();
        CompletionStage<UpstreamResponse> answer = FirstChunk.await(announcing(12, body));
        body.emit("first ");
        assertThat(answer.toCompletableFuture()).isDone();
        assertThat(answer.toCompletableFuture().get().body()).isNotInstanceOf(Bodies.Whole.class);
        assertThat(readingOn(answer, body, "second")).isEqualTo("first second");
    }

    @Test
    void aWholeFirstChunkWhoseBodyThenFailsFailsTheAnswer() {
        Driven body = new Driven();
        CompletionStage<UpstreamResponse> answer = FirstChunk.await(announcing(5, body));
        body.emit("whole");
        body.subscriber.onError(new IOException("connection reset"));
        assertThatThrownBy(() -> answer.toCompletableFuture().get(1, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasRootCauseMessage("connection reset");
    }

    @Test
    void aWholeFirstChunkIsGivenUpLikeAnyOtherWait() {
        Driven body = new Driven();
        FirstChunk watch = FirstChunk.watch(announcing(5, body), null);
        body.emit("whole");
        assertThat(watch.answer().toCompletableFuture()).as("watch holds no first chunk to its end").isDone();
    }
}
