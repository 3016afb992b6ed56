package dev.sluice.application.pipeline;

import dev.sluice.application.support.StageHarness;
import dev.sluice.application.support.TestPipelines;
import dev.sluice.domain.cache.CacheStatus;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.exchange.Bodies;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.policy.RequestPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallProviderStageTest {

    private final Deque<Integer> statuses = new ArrayDeque<>();
    private final List<String> attempts = new CopyOnWriteArrayList<>();
    private final CallProviderPort provider = (request, timeout) -> CompletableFuture.completedFuture(
            new UpstreamResponse(statuses.pop(), Headers.EMPTY, Bodies.of(new byte[0])));
    private final CallProviderStage stage = new CallProviderStage(provider, TestPipelines.SCHEDULER, new CallsInFlight());

    private final AttemptObserver observer = new AttemptObserver() {
        @Override
        public void started(int attempt) {
            attempts.add(attempt + ":sent");
        }

        @Override
        public void answered(int attempt, int status, long upstreamNanos, boolean retrying) {
            attempts.add(attempt + ":" + status + (retrying ? " retrying" : ""));
        }

        @Override
        public void unanswered(int attempt, Throwable cause, long upstreamNanos, boolean retrying) {
            attempts.add(attempt + ":" + cause.getClass().getSimpleName());
        }
    };

    private static RequestPolicy attemptsAndDelay(int attempts, Duration delay) {
        RequestPolicy none = RequestPolicy.NONE;
        return new RequestPolicy(none.metadata(), none.eventId(), none.requestTimeout(), OptionalInt.of(attempts),
                Optional.of(delay), none.backoff(), none.cache(), none.customCost());
    }

    @Test
    void retriesAfterThePolicysDelayAndTellsTheObserverOfEachAttempt() throws Exception {
        statuses.addAll(List.of(503, 200));
        long started = System.nanoTime();
        ProxiedResponse answer = new StageHarness().await(StageHarness.call(), exchange -> {
            StageHarness.resolved(attemptsAndDelay(3, Duration.ofMillis(100))).accept(exchange);
            exchange.attempts(observer);
            exchange.cacheStatus(CacheStatus.BYPASS);
        }, stage);
        assertThat(answer.response().status()).isEqualTo(200);
        assertThat(answer.cacheStatus()).isEqualTo(CacheStatus.BYPASS);
        assertThat(attempts).containsExactly("1:503 retrying", "2:sent", "2:200");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void isTheLastStageAndPassesNothingOn() throws Exception {
        statuses.add(404);
        StageHarness harness = new StageHarness();
        ProxiedResponse answer = harness.await(StageHarness.call(), StageHarness.resolved(RequestPolicy.NONE), stage);
        assertThat(answer.response().status()).isEqualTo(404);
        assertThat(harness.reached).isEmpty();
    }

    @Test
    void aClientThatLeavesCancelsTheAttemptUnderWayAndNothingIsRetried() throws Exception {
        CompletableFuture<UpstreamResponse> pending = new CompletableFuture<>();
        List<Object> calls = new CopyOnWriteArrayList<>();
        CallProviderStage waiting = new CallProviderStage((request, timeout) -> {
            calls.add(request);
            return pending;
        }, TestPipelines.SCHEDULER, new CallsInFlight());
        CompletableFuture<Void> gone = new CompletableFuture<>();
        GatewayCall call = new GatewayCall("req-1", "local", "open", "openai", "POST", "v1/chat/completions", "",
                Headers.EMPTY, new byte[0], CallOptions.NONE, gone);
        var answer = new StageHarness().run(call, exchange -> {
            StageHarness.resolved(attemptsAndDelay(3, Duration.ZERO)).accept(exchange);
            exchange.attempts(observer);
        }, waiting).toCompletableFuture();
        gone.complete(null);
        assertThat(pending).isCancelled();
        assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CLIENT_CLOSED));
        assertThat(calls).hasSize(1);
        assertThat(attempts).containsExactly("1:GatewayException");
    }

    @Test
    void aStopGivesUpTheCallUnderWayAsTheGatewaysOwn503AndRetriesNothing() throws Exception {
        CompletableFuture<UpstreamResponse> pending = new CompletableFuture<>();
        List<Object> calls = new CopyOnWriteArrayList<>();
        CallsInFlight inFlight = new CallsInFlight();
        CallProviderStage waiting = new CallProviderStage((request, timeout) -> {
            calls.add(request);
            return pending;
        }, TestPipelines.SCHEDULER, inFlight);
        var answer = new StageHarness().run(StageHarness.call(), exchange -> {
            StageHarness.resolved(attemptsAndDelay(3, Duration.ZERO)).accept(exchange);
            exchange.attempts(observer);
        }, waiting).toCompletableFuture();
        assertThat(inFlight.size()).isEqualTo(1);
        inFlight.giveUpAll();
        assertThat(pending).isCancelled();
        assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SHUTTING_DOWN));
        assertThat(calls).hasSize(1);
        assertThat(attempts).containsExactly("1:GatewayException");
        assertThat(inFlight.size()).isZero();
    }

    @Test
    void aStopEndsThePauseBeforeARetryAndRefusesTheRetry() throws Exception {
        statuses.addAll(List.of(503, 200));
        CallsInFlight inFlight = new CallsInFlight();
        CallProviderStage pausing = new CallProviderStage(provider, TestPipelines.SCHEDULER, inFlight);
        var answer = new StageHarness().run(StageHarness.call(), exchange -> {
            StageHarness.resolved(attemptsAndDelay(3, Duration.ofSeconds(5))).accept(exchange);
            exchange.attempts(observer);
        }, pausing).toCompletableFuture();
        assertThat(attempts).containsExactly("1:503 retrying");
        inFlight.giveUpAll();
        assertThatThrownBy(() -> answer.get(1, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SHUTTING_DOWN));
        assertThat(attempts).containsExactly("1:503 retrying", "2:GatewayException");
        assertThat(statuses).containsExactly(200);
    }

    @Test
    void aCallAskedForOnceTheStopHasBegunIsRefusedWithoutReachingTheProvider() throws Exception {
        statuses.addAll(List.of(503, 200));
        CallsInFlight inFlight = new CallsInFlight();
        inFlight.giveUpAll();
        CallProviderStage stopping = new CallProviderStage(provider, TestPipelines.SCHEDULER, inFlight);
        var answer = new StageHarness().run(StageHarness.call(), exchange -> {
            StageHarness.resolved(attemptsAndDelay(3, Duration.ZERO)).accept(exchange);
            exchange.attempts(observer);
        }, stopping).toCompletableFuture();
        assertThatThrownBy(() -> answer.get(1, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SHUTTING_DOWN));
        assertThat(attempts).containsExactly("1:GatewayException");
        assertThat(statuses).containsExactly(503, 200);
    }
}
