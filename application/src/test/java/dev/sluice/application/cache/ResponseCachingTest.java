package dev.sluice.application.cache;

import dev.sluice.application.access.GatewayAccess;
import dev.sluice.application.pipeline.CallProviderPort;
import dev.sluice.application.pipeline.ProxiedResponse;
import dev.sluice.application.proxy.ProxyProviderRequestCommand;
import dev.sluice.application.proxy.ProxyProviderRequestService;
import dev.sluice.application.support.BodyReader;
import dev.sluice.application.support.StageHarness;
import dev.sluice.application.support.InMemoryResponseCache;
import dev.sluice.application.support.RecordedLogs;
import dev.sluice.application.support.TestPipelines;
import dev.sluice.application.support.TestProviders;
import dev.sluice.application.token.AdminTokenService;
import dev.sluice.domain.cache.CacheStatus;
import dev.sluice.domain.exchange.RequestIds;
import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.token.TokenGenerator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseCachingTest {

    private static final AccountId ACCOUNT = new AccountId("local");
    private static final GatewayRef PLAIN = new GatewayRef(ACCOUNT, new GatewayId("plain"));
    private static final GatewayRef CACHING = new GatewayRef(ACCOUNT, new GatewayId("caching"));

    private final Map<GatewayRef, Gateway> gateways = Map.of(
            PLAIN, Gateway.create(PLAIN, GatewaySettings.defaults(), Instant.EPOCH),
            CACHING, Gateway.create(CACHING, caching(3600), Instant.EPOCH));
    private final HeldProvider provider = new HeldProvider();
    private final InMemoryResponseCache cache = new InMemoryResponseCache();
    final RecordedLogs logs = new RecordedLogs(ResponseCachingTest::parseFlatJson);
    private final ProxyProviderRequestService service = new ProxyProviderRequestService(TestPipelines.standard(
            new GatewayAccess(ACCOUNT,
                    ref -> CompletableFuture.completedFuture(Optional.ofNullable(gateways.get(ref))),
                    ref -> CompletableFuture.completedFuture(java.util.Set.of()),
                    new AdminTokenService(null, new TokenGenerator("t_"))),
            TestProviders.catalog(Map.of()), provider, cache,
            new CacheLimits(64, Duration.ofSeconds(5), Duration.ofMillis(300)), ResponseCachingTest::parseFlatJson,
            logs.log, new RequestIds(Clock.systemUTC()), Clock.systemUTC(),
            1024 * 1024));

    private static GatewaySettings caching(long ttl) {
        GatewaySettings d = GatewaySettings.defaults();
        return new GatewaySettings(ttl, d.cacheInvalidateOnUpdate(), d.collectLogs(), d.rateLimitingIntervalSeconds(),
                d.rateLimitingLimit(), d.rateLimitingTechnique(), d.authentication(), d.logManagement(),
                d.logManagementStrategy(), d.logpush(), d.logpushPublicKey(), d.retryMaxAttempts(), d.retryDelayMs(),
                d.retryBackoff());
    }

    /** Enough JSON for the tests' bodies: {"model":"m","stream":true}. */
    private static Map<String, Object> parseFlatJson(String json) {
        Map<String, Object> fields = new java.util.HashMap<>();
        if (json.contains("\"stream\":true")) {
            fields.put("stream", true);
        }
        return fields;
    }

    private static ProxyProviderRequestCommand request(GatewayRef gateway, String body, Header... headers) {
        return new ProxyProviderRequestCommand("req", "local", gateway.id().value(), "openai", "POST",
                "v1/chat/completions", "", new Headers(List.of(headers)), body.getBytes(StandardCharsets.UTF_8));
    }

    private static ProxyProviderRequestCommand request(GatewayRef gateway, Header... headers) {
        return request(gateway, "{\"model\":\"m\"}", headers);
    }

    private ProxiedResponse send(ProxyProviderRequestCommand command) throws Exception {
        return service.proxy(command).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static String read(ProxiedResponse response) throws Exception {
        return readAsync(response).get(5, TimeUnit.SECONDS);
    }

    private static CompletableFuture<String> readAsync(ProxiedResponse response) {
        return StageHarness.readAsync(response);
    }

    @Test
    void aCachingGatewayAnswersTheSecondIdenticalRequestFromCache() throws Exception {
        provider.willAnswer(200, "hello", "world");
        ProxiedResponse first = send(request(CACHING));
        assertThat(first.cacheStatus()).isEqualTo(CacheStatus.MISS);
        assertThat(read(first)).isEqualTo("helloworld");

        ProxiedResponse second = send(request(CACHING));
        assertThat(second.cacheStatus()).isEqualTo(CacheStatus.HIT);
        assertThat(read(second)).isEqualTo("helloworld");
        assertThat(second.response().headers().first("content-type")).contains("application/json");
        assertThat(second.response().headers().first("set-cookie")).isEmpty();
        assertThat(provider.calls).hasValue(1);
        assertThat(cache.ttls.values()).containsExactly(Duration.ofHours(1));
    }

    @Test
    void withoutCachingEveryRequestIsAMissAndNothingIsStored() throws Exception {
        provider.willAnswer(200, "a");
        provider.willAnswer(200, "b");
        ProxiedResponse first = send(request(PLAIN));
        read(first);
        ProxiedResponse second = send(request(PLAIN));
        assertThat(read(second)).isEqualTo("b");
        assertThat(second.cacheStatus()).isEqualTo(CacheStatus.MISS);
        assertThat(cache.entries).isEmpty();
    }

    @Test
    void requestHeadersOptInWithTheirTtlOrTheFiveMinuteDefault() throws Exception {
        provider.willAnswer(200, "a");
        read(send(request(PLAIN, new Header("cf-aig-cache-ttl", "7"))));
        assertThat(cache.ttls.values()).containsExactly(Duration.ofSeconds(60));
        cache.ttls.clear();
        provider.willAnswer(200, "b");
        read(send(request(PLAIN, "{\"other\":1}", new Header("cf-aig-cache-key", "k"))));
        assertThat(cache.ttls.values()).containsExactly(Duration.ofMinutes(5));
        cache.ttls.clear();
        provider.willAnswer(200, "c");
        read(send(request(PLAIN, "{\"third\":1}", new Header("cf-cache-ttl", "120"))));
        assertThat(cache.ttls.values()).containsExactly(Duration.ofSeconds(120));
    }

    @Test
    void aZeroTtlTurnsCachingOffForThatRequest() throws Exception {
        provider.willAnswer(200, "a");
        ProxiedResponse response = send(request(CACHING, new Header("cf-aig-cache-ttl", "0")));
        read(response);
        assertThat(response.cacheStatus()).isEqualTo(CacheStatus.MISS);
        assertThat(cache.entries).isEmpty();
    }

    @Test
    void skippingTheCacheGoesUpstreamAndLeavesTheEntryAlone() throws Exception {
        provider.willAnswer(200, "cached");
        read(send(request(CACHING)));
        provider.willAnswer(200, "fresh");
        ProxiedResponse skipped = send(request(CACHING, new Header("cf-aig-skip-cache", "true")));
        assertThat(skipped.cacheStatus()).isEqualTo(CacheStatus.BYPASS);
        assertThat(read(skipped)).isEqualTo("fresh");
        ProxiedResponse again = send(request(CACHING, new Header("cf-skip-cache", "false")));
        assertThat(again.cacheStatus()).isEqualTo(CacheStatus.HIT);
        assertThat(read(again)).isEqualTo("cached");
    }

    @Test
    void metadataIsNotPartOfTheKeyButTheProviderKeyIs() throws Exception {
        provider.willAnswer(200, "for-alice");
        read(send(request(CACHING, new Header("Authorization", "Bearer alice"),
                new Header("cf-aig-metadata", "{\"user\":1}"))));
        ProxiedResponse sameKey = send(request(CACHING, new Header("Authorization", "Bearer alice"),
                new Header("cf-aig-metadata", "{\"user\":2}")));
        assertThat(sameKey.cacheStatus()).isEqualTo(CacheStatus.HIT);
        read(sameKey);
        provider.willAnswer(200, "for-bob");
        ProxiedResponse otherKey = send(request(CACHING, new Header("Authorization", "Bearer bob")));
        assertThat(otherKey.cacheStatus()).isEqualTo(CacheStatus.MISS);
        assertThat(read(otherKey)).isEqualTo("for-bob");
    }

    @Test
    void aCustomKeyIsSharedAcrossBodiesButNeverBetweenStreamedAndPlain() throws Exception {
        provider.willAnswer(200, "plain");
        read(send(request(CACHING, "{\"a\":1}", new Header("cf-aig-cache-key", "shared"))));
        ProxiedResponse otherBody = send(request(CACHING, "{\"b\":2}", new Header("cf-aig-cache-key", "shared")));
        assertThat(otherBody.cacheStatus()).isEqualTo(CacheStatus.HIT);
        read(otherBody);
        provider.willAnswer(200, "data: streamed\n\n");
        ProxiedResponse streamed = send(request(CACHING, "{\"stream\":true}",
                new Header("cf-aig-cache-key", "shared")));
        assertThat(streamed.cacheStatus()).isEqualTo(CacheStatus.MISS);
        assertThat(read(streamed)).isEqualTo("data: streamed\n\n");
    }

    @Test
    void errorsBrokenStreamsAndOversizedAnswersAreNotStored() throws Exception {
        provider.willAnswer(500, "boom");
        read(send(request(CACHING)));
        provider.willFailMidStream(200, "data: partial\n\n");
        ProxiedResponse broken = send(request(CACHING));
        assertThat(readAsync(broken)).failsWithin(Duration.ofSeconds(5));
        provider.willAnswer(200, "x".repeat(40), "y".repeat(40));
        assertThat(read(send(request(CACHING)))).hasSize(80);
        assertThat(cache.entries).isEmpty();
        assertThat(provider.calls).hasValue(3);
    }

    @Test
    void aStreamWithAnErrorEventInItsMiddleIsNeitherStoredNorLoggedAsASuccess() throws Exception {
        List<Header> stream = List.of(new Header("content-type", "text/event-stream"));
        String body = "{\"model\":\"m\",\"stream\":true}";
        // The error event split between chunks, then more events and a clean end: its last event says all is well.
        provider.willAnswer(200, stream, "data: {\"err", "or\":1}\n", "\ndata: ok\n\n", "data: [DONE]\n\n");
        provider.willAnswer(200, stream, "data: {\"ok\":1}\n\ndata: ok\n\ndata: [DONE]\n\n");
        ProxiedResponse first = send(request(CACHING, body));
        assertThat(read(first)).isEqualTo("data: {\"error\":1}\n\ndata: ok\n\ndata: [DONE]\n\n");
        assertThat(logs.await(1).get(0).entry().success()).isFalse();
        assertThat(cache.entries).isEmpty();

        ProxiedResponse again = send(request(CACHING, body));
        assertThat(again.cacheStatus()).isEqualTo(CacheStatus.MISS);
        assertThat(read(again)).isEqualTo("data: {\"ok\":1}\n\ndata: ok\n\ndata: [DONE]\n\n");
        assertThat(logs.await(2).get(1).entry().success()).isTrue();
        assertThat(cache.entries).as("the same stream without the error is stored").hasSize(1);
        assertThat(provider.calls).hasValue(2);
    }

    /**
     * Gemini's streamGenerateContent without alt=sse: its chunks in one JSON array, and an error in its middle as one
     * more element after a 200. Found by a probe: it was logged a success and stored.
     */
    @Test
    void aJsonArrayStreamEndingInAnErrorObjectIsNeitherStoredNorLoggedAsASuccess() throws Exception {
        String body = "{\"contents\":[{\"parts\":[{\"text\":\"Hi\"}]}]}";
        // Within the test's cache's 64 bytes.
        String chunk = "{\"candidates\":[{\"text\":\"Hi\"}]}";
        provider.willAnswer(200, "[" + chunk + ",\n{\"err", "or\":{\"code\":503}}]");
        provider.willAnswer(200, "[" + chunk + ",\n", chunk + "]");
        assertThat(read(send(request(CACHING, body)))).endsWith("{\"error\":{\"code\":503}}]");
        assertThat(logs.await(1).get(0).entry().success()).isFalse();
        assertThat(cache.entries).isEmpty();

        ProxiedResponse again = send(request(CACHING, body));
        assertThat(again.cacheStatus()).isEqualTo(CacheStatus.MISS);
        read(again);
        assertThat(logs.await(2).get(1).entry().success()).isTrue();
        assertThat(cache.entries).as("the same array without the error is stored").hasSize(1);
    }

    @Test
    void anAnswerShorterThanItsContentLengthIsNotStored() throws Exception {
        provider.willAnswer(200, List.of(new Header("content-length", "10")), "short");
        read(send(request(CACHING)));
        assertThat(cache.entries).isEmpty();
    }

    @Test
    void identicalConcurrentRequestsShareOneUpstreamCall() throws Exception {
        CompletableFuture<Void> gate = provider.willAnswerAfter(200, "together");
        List<CompletableFuture<ProxiedResponse>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            all.add(service.proxy(request(CACHING)).toCompletableFuture());
        }
        gate.complete(null);
        List<CacheStatus> statuses = new ArrayList<>();
        for (CompletableFuture<ProxiedResponse> response : all) {
            ProxiedResponse answered = response.get(5, TimeUnit.SECONDS);
            statuses.add(answered.cacheStatus());
            assertThat(read(answered)).isEqualTo("together");
        }
        assertThat(provider.calls).hasValue(1);
        assertThat(statuses).containsOnlyOnce(CacheStatus.MISS).contains(CacheStatus.HIT);
    }

    @Test
    void aFailedLeaderIsNotServedToItsFollowers() throws Exception {
        CompletableFuture<Void> gate = provider.willAnswerAfter(503, "overloaded");
        CompletableFuture<ProxiedResponse> leader = service.proxy(request(CACHING)).toCompletableFuture();
        provider.willAnswer(200, "second try");
        CompletableFuture<ProxiedResponse> follower = service.proxy(request(CACHING)).toCompletableFuture();
        gate.complete(null);
        assertThat(leader.get(5, TimeUnit.SECONDS).response().status()).isEqualTo(503);
        ProxiedResponse followed = follower.get(5, TimeUnit.SECONDS);
        assertThat(followed.response().status()).isEqualTo(200);
        assertThat(followed.cacheStatus()).isEqualTo(CacheStatus.MISS);
        assertThat(read(followed)).isEqualTo("second try");
        assertThat(provider.calls).hasValue(2);

        ProxiedResponse next = send(request(CACHING));
        assertThat(next.cacheStatus()).as("the follower's own answer was stored").isEqualTo(CacheStatus.HIT);
        assertThat(read(next)).isEqualTo("second try");
        assertThat(provider.calls).hasValue(2);
    }

    @Test
    void aFollowerWaitsForItsLeaderNoLongerThanItsOwnRequestTimeout() throws Exception {
        // The follower's client asked for a first byte within 300 ms; a streamed leader's answer is whole only at its
        // end, so the follower waited the whole follower wait (5 s here, the upstream timeout by default).
        CompletableFuture<Void> gate = provider.willAnswerAfter(200, "slow leader");
        CompletableFuture<ProxiedResponse> leader = service.proxy(request(CACHING)).toCompletableFuture();
        provider.willAnswer(200, "own call");
        long started = System.nanoTime();
        ProxiedResponse follower = send(request(CACHING, new Header("cf-aig-request-timeout", "300")));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(follower.cacheStatus()).isEqualTo(CacheStatus.MISS);
        assertThat(read(follower)).isEqualTo("own call");
        gate.complete(null);
        assertThat(read(leader.get(5, TimeUnit.SECONDS))).isEqualTo("slow leader");
        assertThat(provider.calls).hasValue(2);
    }

    @Test
    void aLeaderAnswerNobodyReadsIsGivenUpSoFollowersStopWaiting() throws Exception {
        provider.willAnswer(200, "never read");
        ProxiedResponse abandoned = send(request(CACHING));
        provider.willAnswer(200, "read");
        long started = System.nanoTime();
        ProxiedResponse follower = send(request(CACHING));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        assertThat(follower.cacheStatus()).isEqualTo(CacheStatus.MISS);
        assertThat(read(follower)).isEqualTo("read");
        assertThat(readAsync(abandoned)).failsWithin(Duration.ofSeconds(1));
        assertThat(logs.await(2)).anySatisfy(write -> {
            assertThat(write.entry().id()).isEqualTo(abandoned.logId());
            assertThat(write.entry().success()).as("an answer nobody read is on record as failed").isFalse();
        });
    }

    @Test
    void aFollowerOfAStreamedLeaderReadsItsEventsAsTheyComeNotAtItsEnd() throws Exception {
        LiveStream live = provider.willStream();
        ProxiedResponse leader = send(request(CACHING, "{\"model\":\"m\",\"stream\":true}"));
        CompletableFuture<String> leaderRead = readAsync(leader);
        live.send("data: one\n\n");
        ProxiedResponse follower = send(request(CACHING, "{\"model\":\"m\",\"stream\":true}"));
        assertThat(follower.cacheStatus()).isEqualTo(CacheStatus.HIT);
        assertThat(follower.response().headers().first("content-type")).contains("text/event-stream");
        assertThat(follower.response().headers().first("set-cookie")).isEmpty();
        BodyReader partial = new BodyReader(Long.MAX_VALUE);
        follower.response().body().subscribe(partial);
        assertThat(partial.got()).as("what came before it joined, at once").isEqualTo("data: one\n\n");
        live.send("data: two\n\n");
        assertThat(partial.got()).as("the rest as it comes, before the leader's end")
                .isEqualTo("data: one\n\ndata: two\n\n");
        live.send("data: [DONE]\n\n");
        live.end();
        assertThat(leaderRead.get(5, TimeUnit.SECONDS)).isEqualTo("data: one\n\ndata: two\n\ndata: [DONE]\n\n");
        assertThat(partial.ended.get(5, TimeUnit.SECONDS)).isEqualTo("data: one\n\ndata: two\n\ndata: [DONE]\n\n");
        assertThat(provider.calls).hasValue(1);

        ProxiedResponse later = send(request(CACHING, "{\"model\":\"m\",\"stream\":true}"));
        assertThat(later.cacheStatus()).isEqualTo(CacheStatus.HIT);
        assertThat(read(later)).isEqualTo("data: one\n\ndata: two\n\ndata: [DONE]\n\n");
        assertThat(provider.calls).hasValue(1);
    }

    @Test
    void aStreamedLeaderWhoseClientLeavesStillServesItsFollowerToTheEnd() throws Exception {
        LiveStream live = provider.willStream();
        ProxiedResponse leader = send(request(CACHING, "{\"model\":\"m\",\"stream\":true}"));
        BodyReader leaderClient = new BodyReader(Long.MAX_VALUE);
        leader.response().body().subscribe(leaderClient);
        live.send("data: one\n\n");
        ProxiedResponse follower = send(request(CACHING, "{\"model\":\"m\",\"stream\":true}"));
        CompletableFuture<String> followerRead = readAsync(follower);
        leaderClient.subscription.cancel();
        assertThat(live.cancelled).isFalse();
        live.send("data: [DONE]\n\n");
        live.end();
        assertThat(followerRead.get(5, TimeUnit.SECONDS)).isEqualTo("data: one\n\ndata: [DONE]\n\n");
        assertThat(provider.calls).hasValue(1);
    }

    /** A provider's event stream the test sends chunk by chunk. */
    private static final class LiveStream implements Flow.Publisher<byte[]> {
        private final java.util.concurrent.BlockingQueue<byte[]> pending = new java.util.concurrent.LinkedBlockingQueue<>();
        private Flow.Subscriber<? super byte[]> subscriber;
        private long requested;
        private boolean ended;
        volatile boolean cancelled;

        @Override
        public synchronized void subscribe(Flow.Subscriber<? super byte[]> subscriber) {
            this.subscriber = subscriber;
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    synchronized (LiveStream.this) {
                        requested += n;
                    }
                    flush();
                }

                @Override
                public void cancel() {
                    cancelled = true;
                }
            });
        }

        void send(String text) {
            pending.add(text.getBytes(StandardCharsets.UTF_8));
            flush();
        }

        void end() {
            synchronized (this) {
                ended = true;
            }
            flush();
        }

        private void flush() {
            while (true) {
                byte[] next;
                boolean complete;
                synchronized (this) {
                    if (subscriber == null) {
                        return;
                    }
                    next = requested > 0 ? pending.poll() : null;
                    if (next != null) {
                        requested--;
                    }
                    complete = next == null && ended && pending.isEmpty();
                    if (complete) {
                        ended = false;
                    }
                }
                if (next != null) {
                    subscriber.onNext(next);
                } else {
                    if (complete) {
                        subscriber.onComplete();
                    }
                    return;
                }
            }
        }
    }

    /** A provider whose answers are scripted, optionally held until the test releases them. */
    private static final class HeldProvider implements CallProviderPort {
        final AtomicInteger calls = new AtomicInteger();
        private final ConcurrentLinkedQueue<java.util.function.Supplier<CompletionStage<UpstreamResponse>>> script =
                new ConcurrentLinkedQueue<>();

        void willAnswer(int status, String... chunks) {
            willAnswer(status, List.of(), chunks);
        }

        void willAnswer(int status, List<Header> headers, String... chunks) {
            script.add(() -> CompletableFuture.completedFuture(response(status, headers, chunks, false)));
        }

        void willFailMidStream(int status, String... chunks) {
            script.add(() -> CompletableFuture.completedFuture(response(status, List.of(), chunks, true)));
        }

        LiveStream willStream() {
            LiveStream live = new LiveStream();
            script.add(() -> CompletableFuture.completedFuture(new UpstreamResponse(200, new Headers(List.of(
                    new Header("content-type", "text/event-stream"), new Header("set-cookie", "session=1"))), live)));
            return live;
        }

        CompletableFuture<Void> willAnswerAfter(int status, String... chunks) {
            CompletableFuture<Void> gate = new CompletableFuture<>();
            script.add(() -> gate.thenApply(ignored -> response(status, List.of(), chunks, false)));
            return gate;
        }

        @Override
        public CompletionStage<UpstreamResponse> callProvider(UpstreamRequest request, Optional<Duration> timeout) {
            calls.incrementAndGet();
            return script.remove().get();
        }

        private static UpstreamResponse response(int status, List<Header> extra, String[] chunks, boolean fail) {
            List<Header> headers = new ArrayList<>(extra);
            headers.add(new Header("content-type", "application/json"));
            headers.add(new Header("set-cookie", "session=1"));
            Flow.Publisher<byte[]> body = subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
                private int next;
                private boolean done;

                @Override
                public void request(long n) {
                    for (long i = 0; i < n && !done; i++) {
                        if (next < chunks.length) {
                            subscriber.onNext(chunks[next++].getBytes(StandardCharsets.UTF_8));
                        } else {
                            done = true;
                            if (fail) {
                                subscriber.onError(new IllegalStateException("connection reset"));
                            } else {
                                subscriber.onComplete();
                            }
                        }
                    }
                }

                @Override
                public void cancel() {
                    done = true;
                }
            });
            return new UpstreamResponse(status, new Headers(headers), body);
        }
    }
}
