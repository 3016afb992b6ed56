package dev.sluice.adapters.store.cache;

import dev.sluice.application.cache.PurgeResponseCachePort;
import dev.sluice.application.cache.ResponseCachePort;
import dev.sluice.domain.cache.CacheKey;
import dev.sluice.domain.cache.CacheableRequest;
import dev.sluice.domain.cache.CachedResponse;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every response cache must do, run against each implementation. Keys live under an account
 * unique to the run, so a shared server's other data is never touched.
 */
abstract class ResponseCacheContract {

    protected static final AccountId ACCOUNT = new AccountId("t" + UUID.randomUUID().toString().substring(0, 8));
    protected static final GatewayRef ONE = new GatewayRef(ACCOUNT, new GatewayId("one"));
    protected static final GatewayRef TWO = new GatewayRef(ACCOUNT, new GatewayId("two"));

    protected abstract ResponseCachePort cache();

    protected abstract PurgeResponseCachePort purger();

    /** Lets TTLs pass: real time for a server, a ticker for the embedded cache. */
    protected abstract void elapse(Duration time) throws Exception;

    protected static CacheKey key(GatewayRef gateway, String body) {
        return CacheKey.of(gateway, new CacheableRequest("openai", "POST v1/chat/completions", "",
                body.getBytes(StandardCharsets.UTF_8), false, Optional.empty()));
    }

    protected static CachedResponse response(String body) {
        return new CachedResponse(200, new Headers(List.of(new Header("content-type", "text/event-stream"),
                new Header("x-request-id", "abc"), new Header("x-multi", "1"), new Header("x-multi", "2"))),
                body.getBytes(StandardCharsets.UTF_8));
    }

    protected Optional<CachedResponse> lookup(CacheKey key) throws Exception {
        return cache().lookup(key).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    protected void store(CacheKey key, CachedResponse response, Duration ttl) throws Exception {
        cache().store(key, response, ttl).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void returnsWhatWasStoredByteForByte() throws Exception {
        CachedResponse stored = new CachedResponse(201, response("x").headers(),
                "data: {\"é\":\"\\u0000\"}\n\n\u0000\u00ff".getBytes(StandardCharsets.UTF_8));
        store(key(ONE, "a"), stored, Duration.ofMinutes(1));
        CachedResponse found = lookup(key(ONE, "a")).orElseThrow();
        assertThat(found.status()).isEqualTo(201);
        assertThat(found.headers()).isEqualTo(stored.headers());
        assertThat(found.body()).isEqualTo(stored.body());
    }

    @Test
    void missesWhatWasNeverStored() throws Exception {
        assertThat(lookup(key(ONE, "never"))).isEmpty();
    }

    @Test
    void aNewerAnswerReplacesTheOlder() throws Exception {
        store(key(ONE, "b"), response("old"), Duration.ofMinutes(1));
        store(key(ONE, "b"), response("new"), Duration.ofMinutes(1));
        assertThat(lookup(key(ONE, "b")).orElseThrow().body()).asString().isEqualTo("new");
    }

    @Test
    void anEntryExpiresAfterItsOwnTtl() throws Exception {
        store(key(ONE, "short"), response("s"), Duration.ofMillis(300));
        store(key(ONE, "long"), response("l"), Duration.ofMinutes(1));
        assertThat(lookup(key(ONE, "short"))).isPresent();
        elapse(Duration.ofMillis(700));
        assertThat(lookup(key(ONE, "short"))).isEmpty();
        assertThat(lookup(key(ONE, "long"))).isPresent();
    }

    @Test
    void gatewaysNeverShareEntriesAndArePurgedAlone() throws Exception {
        store(key(ONE, "p"), response("one"), Duration.ofMinutes(1));
        assertThat(lookup(key(TWO, "p"))).isEmpty();
        store(key(TWO, "p"), response("two"), Duration.ofMinutes(1));
        for (int i = 0; i < 1200; i++) {
            store(key(ONE, "bulk-" + i), response("b"), Duration.ofMinutes(1));
        }
        purger().purgeGateway(ONE);
        assertThat(lookup(key(ONE, "p"))).isEmpty();
        assertThat(lookup(key(ONE, "bulk-1199"))).isEmpty();
        assertThat(lookup(key(TWO, "p")).orElseThrow().body()).asString().isEqualTo("two");
    }

    @Test
    void keepsALargeAnswerWhole() throws Exception {
        byte[] large = new byte[3 * 1024 * 1024];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 31);
        }
        store(key(TWO, "large"), new CachedResponse(200, Headers.EMPTY, large), Duration.ofMinutes(1));
        assertThat(lookup(key(TWO, "large")).orElseThrow().body()).isEqualTo(large);
    }
}
