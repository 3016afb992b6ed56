package dev.sluice.application.cache;

import dev.sluice.application.support.BodyReader;
import dev.sluice.application.support.InMemoryResponseCache;
import dev.sluice.domain.cache.CacheKey;
import dev.sluice.domain.exchange.Bodies;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by the cache probe: an answer whose call was under way as its gateway's cache was purged was stored a moment
 * later, and the next request was served that pre-purge answer as a HIT although the purge had said it succeeded.
 */
class PurgeEpochsTest {

    private static final GatewayRef PURGED = new GatewayRef(new AccountId("local"), new GatewayId("purged"));
    private static final GatewayRef OTHER = new GatewayRef(new AccountId("local"), new GatewayId("other"));

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final InMemoryResponseCache store = new InMemoryResponseCache();
    private final PurgeEpochs purges = new PurgeEpochs();
    private final CoalescingResponseCache cache = new CoalescingResponseCache(store,
            new CacheLimits(1 << 20, Duration.ofSeconds(1)), scheduler, purges);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private static CacheKey key(GatewayRef gateway) {
        return new CacheKey(gateway, "0123456789abcdef".repeat(4));
    }

    private CompletableFuture<UpstreamResponse> callUnderWay(CacheKey key) throws Exception {
        CompletableFuture<UpstreamResponse> provider = new CompletableFuture<>();
        CompletableFuture<CoalescingResponseCache.Served> served = cache.serve(key, Duration.ofMinutes(5), () -> true,
                () -> provider).toCompletableFuture();
        provider.whenComplete((ignored, error) -> served.thenAccept(answer -> BodyReader.reading(answer.response().body())));
        return provider;
    }

    private static UpstreamResponse answer(String body) {
        return new UpstreamResponse(200, new Headers(List.of(new Header("content-type", "application/json"))),
                Bodies.of(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anAnswerWhoseCallBeganBeforeAPurgeIsNotStoredAfterIt() throws Exception {
        CompletableFuture<UpstreamResponse> purgedCall = callUnderWay(key(PURGED));
        CompletableFuture<UpstreamResponse> otherCall = callUnderWay(key(OTHER));

        purges.guarding(store).purgeGateway(PURGED);
        purgedCall.complete(answer("{\"before\":\"purge\"}"));
        otherCall.complete(answer("{\"other\":1}"));

        assertThat(store.purged).containsExactly(PURGED);
        assertThat(store.lookup(key(PURGED)).toCompletableFuture().get(1, TimeUnit.SECONDS)).isEmpty();
        assertThat(store.lookup(key(OTHER)).toCompletableFuture().get(1, TimeUnit.SECONDS)).isPresent();
    }

    @Test
    void aCallBegunAfterThePurgeIsStored() throws Exception {
        purges.guarding(store).purgeGateway(PURGED);
        callUnderWay(key(PURGED)).complete(answer("{\"after\":\"purge\"}"));
        assertThat(store.lookup(key(PURGED)).toCompletableFuture().get(1, TimeUnit.SECONDS)).map(entry ->
                new String(entry.body(), StandardCharsets.UTF_8)).isEqualTo(Optional.of("{\"after\":\"purge\"}"));
    }
}
