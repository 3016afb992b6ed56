package dev.sluice.application.log;

import dev.sluice.application.pipeline.ProxiedResponse;
import dev.sluice.application.support.RealJson;
import dev.sluice.application.support.RecordedLogs;
import dev.sluice.application.support.StageHarness;
import dev.sluice.application.support.TestPipelines;
import dev.sluice.domain.exchange.RequestIds;
import dev.sluice.domain.policy.RequestPolicy;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.header.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObserveStageTest {

    private final RecordedLogs logs = new RecordedLogs(RealJson::read);
    private final StageHarness harness = new StageHarness();
    private final ObserveStage stage = new ObserveStage(logs.log, new RequestIds(Clock.systemUTC()), 1024,
            Duration.ofMillis(200), TestPipelines.SCHEDULER, () -> Runnable::run);

    /**
     * A writer behind its hold mark (one entry waiting while it is stuck on another until the test lets it go): the
     * next call waits for it, then goes on on the executor named when it was held (its event loop), not on the
     * writer's thread.
     */
    @Test
    @Timeout(30)
    void aCallHeldForTheWriterGoesOnWhereItWasHeldNotOnTheWritersThread() throws Exception {
        RecordedLogs slow = new RecordedLogs(RealJson::read, new ExchangeLog.Limits(1024, 1 << 20, Duration.ofSeconds(5)),
                new BatchingWriter.Settings(100, 1, Duration.ofMillis(5), Duration.ofMillis(50)),
                new IntakeGate.Settings(1, 0, Duration.ofSeconds(2)));
        CountDownLatch writes = new CountDownLatch(1);
        slow.writesWait = writes;
        ExecutorService loop = Executors.newSingleThreadExecutor(task -> new Thread(task, "its-loop"));
        try {
            ObserveStage held = new ObserveStage(slow.log, new RequestIds(Clock.systemUTC()), 1024,
                    Duration.ofMillis(200), TestPipelines.SCHEDULER, () -> loop);
            StageHarness.read(harness.await(StageHarness.call(), StageHarness.resolved(RequestPolicy.NONE), held));
            while (slow.log.queued() > 0) {
                Thread.sleep(1);
            }
            // The writer holds the first entry; the second waits in the queue, at the mark.
            StageHarness.read(harness.await(StageHarness.call(), StageHarness.resolved(RequestPolicy.NONE), held));
            AtomicReference<String> ranOn = new AtomicReference<>();
            harness.answering(exchange -> {
                ranOn.set(Thread.currentThread().getName());
                return CompletableFuture.completedFuture(StageHarness.answer(exchange, StageHarness.ok("third")));
            });
            CompletableFuture<ProxiedResponse> third = harness.run(StageHarness.call(),
                    StageHarness.resolved(RequestPolicy.NONE), held).toCompletableFuture();
            Thread.sleep(200);
            assertThat(third).as("held while the writer is stuck").isNotDone();
            writes.countDown();
            assertThat(StageHarness.read(third.get(5, TimeUnit.SECONDS))).isEqualTo("third");
            assertThat(slow.log.held()).as("the third call; the second too if the first's entry was not yet taken")
                    .isBetween(1L, 2L);
            assertThat(ranOn.get()).isEqualTo("its-loop");
            assertThat(slow.await(3)).hasSize(3);
        } finally {
            writes.countDown();
            slow.log.close(Duration.ofSeconds(5));
            loop.shutdownNow();
        }
    }

    /** A writer that takes 1 s over one entry with another waiting: the next call waits its longest hold, 100 ms, no more. */
    @Test
    void aCallHeldForTheWriterGoesOnAfterTheLongestHoldWhateverTheQueue() throws Exception {
        RecordedLogs slow = new RecordedLogs(RealJson::read, new ExchangeLog.Limits(1024, 1 << 20, Duration.ofSeconds(5)),
                new BatchingWriter.Settings(100, 1, Duration.ofMillis(5), Duration.ofMillis(50)),
                new IntakeGate.Settings(1, 0, Duration.ofMillis(100)));
        slow.perEntry = Duration.ofSeconds(1);
        ObserveStage held = new ObserveStage(slow.log, new RequestIds(Clock.systemUTC()), 1024,
                Duration.ofMillis(200), TestPipelines.SCHEDULER, () -> Runnable::run);
        StageHarness.read(harness.await(StageHarness.call(), StageHarness.resolved(RequestPolicy.NONE), held));
        StageHarness.read(harness.await(StageHarness.call(), StageHarness.resolved(RequestPolicy.NONE), held));
        long started = System.nanoTime();
        StageHarness.read(harness.await(StageHarness.call(), StageHarness.resolved(RequestPolicy.NONE), held));
        long waited = (System.nanoTime() - started) / 1_000_000;
        assertThat(slow.log.held()).isBetween(1L, 2L);
        assertThat(waited).as("ms waited").isBetween(90L, 800L);
        slow.log.close(Duration.ofSeconds(10));
        assertThat(slow.writes).hasSize(3);
    }

    @Test
    void logsTheAnswerOnceItsBodyHasBeenRead() throws Exception {
        var answer = harness.await(StageHarness.call(), StageHarness.resolved(RequestPolicy.NONE), stage);
        assertThat(logs.writes).isEmpty();
        assertThat(StageHarness.read(answer)).isEqualTo("ok");
        var entry = logs.await(1).get(0).entry();
        assertThat(entry.id()).isEqualTo("req-1");
        assertThat(entry.provider()).isEqualTo("openai");
        assertThat(entry.statusCode()).isEqualTo(200);
        assertThat(entry.success()).isTrue();
        assertThat(entry.cached()).isFalse();
    }

    @Test
    void aCacheHitIsLoggedAsCachedWithNoAttempt() throws Exception {
        harness.answering(exchange -> CompletableFuture.completedFuture(StageHarness.hit(exchange, "cached")));
        StageHarness.read(harness.await(StageHarness.call(), StageHarness.resolved(RequestPolicy.NONE), stage));
        var entry = logs.await(1).get(0).entry();
        assertThat(entry.cached()).isTrue();
        assertThat(entry.attempt()).isZero();
    }

    @Test
    void everyRetriedAttemptDownstreamGetsAnEntryOfItsOwn() throws Exception {
        harness.answering(exchange -> {
            exchange.attempts().answered(1, 503, 1_000_000, true);
            exchange.attempts().answered(2, 200, 1_000_000, false);
            return CompletableFuture.completedFuture(exchange.answer(StageHarness.ok("ok"), exchange.cacheStatus()));
        });
        StageHarness.read(harness.await(StageHarness.call(), StageHarness.resolved(RequestPolicy.NONE), stage));
        var entries = logs.await(2);
        assertThat(entries).extracting(write -> write.entry().statusCode()).containsExactly(503, 200);
        assertThat(entries).extracting(write -> write.entry().attempt()).containsExactly(1, 2);
        assertThat(entries.get(0).entry().id()).isNotEqualTo("req-1");
        assertThat(entries.get(1).entry().id()).isEqualTo("req-1");
    }

    /**
     * Found by two probes: a retry's duration ran from the request's arrival and its created_at from the previous
     * attempt's end, so with a 200 ms pause the fourth attempt of four reported 1240 ms, and latency analytics with it.
     */
    @Test
    void aRetrysEntrySpansItsOwnAttemptFromWhenItWasSent() throws Exception {
        harness.answering(exchange -> {
            exchange.attempts().answered(1, 503, 1_000_000, true);
            try {
                Thread.sleep(300); // the pause before the retry
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.attempts().started(2);
            exchange.attempts().answered(2, 200, 1_000_000, false);
            return CompletableFuture.completedFuture(exchange.answer(StageHarness.ok("ok"), exchange.cacheStatus()));
        });
        StageHarness.read(harness.await(StageHarness.call(), StageHarness.resolved(RequestPolicy.NONE), stage));
        var entries = logs.await(2);
        var first = entries.get(0).entry();
        var retry = entries.get(1).entry();
        assertThat(retry.durationMillis()).isLessThan(300);
        assertThat(java.time.Duration.between(first.createdAt(), retry.createdAt()))
                .isGreaterThanOrEqualTo(java.time.Duration.ofMillis(300));
    }

    @Test
    void anAnswerNobodyStartsReadingIsLoggedAsUnreadAfterTheLimit() throws Exception {
        harness.await(StageHarness.call(), StageHarness.resolved(RequestPolicy.NONE), stage);
        var entry = logs.await(1).get(0).entry();
        assertThat(entry.success()).isFalse();
        assertThat(entry.statusCode()).isEqualTo(200);
    }

    @Test
    void aStreamWhoseProviderReportedAnErrorOrStoppedBeforeItsEndIsLoggedAsFailed() throws Exception {
        String chunk = "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n";
        assertThat(loggedSuccess(chunk + "data: [DONE]\n\n")).isTrue();
        assertThat(loggedSuccess(chunk + "data: {\"error\":{\"message\":\"overloaded\"}}\n\n")).isFalse();
        assertThat(loggedSuccess(chunk)).as("no [DONE]").isFalse();
        assertThat(loggedSuccess("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}\n\n"))
                .isFalse();
    }

    @Test
    void aStreamWithAnErrorEventInItsMiddleIsLoggedAsFailedThoughItEndsCleanly() throws Exception {
        String chunk = "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n";
        assertThat(loggedSuccess(chunk + "data: {\"error\":{\"message\":\"overloaded\"}}\n\n" + chunk
                + "data: [DONE]\n\n")).isFalse();
        assertThat(loggedSuccess("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n")).isFalse();
        assertThat(loggedSuccess("data: {\"choices\":[{\"delta\":{\"content\":\"{\\\"error\\\": true}\"}}]}\n\n"
                + "data: [DONE]\n\n")).as("content that says error").isTrue();
    }

    private boolean loggedSuccess(String stream) throws Exception {
        int before = logs.writes.size();
        harness.answering(exchange -> CompletableFuture.completedFuture(exchange.answer(new UpstreamResponse(200,
                new Headers(List.of(new dev.sluice.domain.header.Header("content-type", "text/event-stream"))),
                dev.sluice.domain.exchange.Bodies.of(stream.getBytes(StandardCharsets.UTF_8))), exchange.cacheStatus())));
        assertThat(StageHarness.read(harness.await(StageHarness.call(), StageHarness.resolved(RequestPolicy.NONE), stage)))
                .isEqualTo(stream);
        var entry = logs.await(before + 1).get(before).entry();
        assertThat(entry.statusCode()).isEqualTo(200);
        return entry.success();
    }

    @Test
    void anAnswerStillStreamingWhenTheLogClosesIsLoggedAsCutNotLost() throws Exception {
        // A stream that sends one chunk and then nothing: the process stops while it is being read.
        Flow.Publisher<byte[]> endless = subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            private boolean sent;

            @Override
            public void request(long n) {
                if (!sent) {
                    sent = true;
                    subscriber.onNext("data: {\"part\":1}\n\n".getBytes(StandardCharsets.UTF_8));
                }
            }

            @Override
            public void cancel() {
            }
        });
        harness.answering(exchange -> CompletableFuture.completedFuture(exchange.answer(new UpstreamResponse(200,
                new Headers(List.of(new dev.sluice.domain.header.Header("content-type", "text/event-stream"))), endless),
                exchange.cacheStatus())));
        var answer = harness.await(StageHarness.call(), StageHarness.resolved(RequestPolicy.NONE), stage);
        CompletableFuture<String> reading = StageHarness.readAsync(answer);
        logs.log.close(Duration.ofSeconds(5));
        var entry = logs.await(1).get(0).entry();
        assertThat(entry.statusCode()).as("the provider's, with the head the client had").isEqualTo(200);
        assertThat(entry.success()).isFalse();
        assertThat(entry.responseSize()).as("logged as read, not as never read").isEqualTo(18);
        assertThat(reading).isNotDone();
    }

    @Test
    void aReaderThatStopsMidBodyIsLoggedAsAClientThatLeft() throws Exception {
        var answer = harness.await(StageHarness.call(), StageHarness.resolved(RequestPolicy.NONE), stage);
        answer.response().discard();
        var entry = logs.await(1).get(0).entry();
        assertThat(entry.statusCode()).isEqualTo(499);
        assertThat(entry.success()).isFalse();
    }

    @Test
    void aBodyThatFailsBeforeItsFirstByteIsLoggedAsThe502ItsClientGotAndOneCutLaterWithTheProvidersStatus()
            throws Exception {
        assertThat(loggedAfterFailing(List.of())).isEqualTo(502);
        assertThat(loggedAfterFailing(List.of("{\"part\":"))).isEqualTo(200);
    }

    /** The status logged for a 200 whose body sends {@code chunks} and then fails. */
    private int loggedAfterFailing(List<String> chunks) throws Exception {
        int before = logs.writes.size();
        Flow.Publisher<byte[]> failing = subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            private int next;

            @Override
            public void request(long n) {
                for (long i = 0; i < n && next < chunks.size(); i++) {
                    subscriber.onNext(chunks.get(next++).getBytes(StandardCharsets.UTF_8));
                }
                if (next == chunks.size()) {
                    next++;
                    subscriber.onError(new IOException("connection reset"));
                }
            }

            @Override
            public void cancel() {
                next = Integer.MAX_VALUE;
            }
        });
        harness.answering(exchange -> CompletableFuture.completedFuture(exchange.answer(
                new UpstreamResponse(200, new Headers(List.of()), failing), exchange.cacheStatus())));
        var answer = harness.await(StageHarness.call(), StageHarness.resolved(RequestPolicy.NONE), stage);
        assertThatThrownBy(() -> StageHarness.read(answer)).hasRootCauseInstanceOf(IOException.class);
        var entry = logs.await(before + 1).get(before).entry();
        assertThat(entry.success()).isFalse();
        return entry.statusCode();
    }
}
