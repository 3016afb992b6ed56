package dev.sluice.adapters.store.gateway;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sluice.application.gateway.LoadGatewayPort;
import dev.sluice.application.token.LoadGatewayTokensPort;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.token.TokenHash;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Gateways and token hashes for the request path, held in memory. A lookup that is cached answers at
 * once; a miss loads on the store's executor, never on the caller's thread. Writes on this replica
 * invalidate at once; writes on another replica show within the refresh interval: a lookup past half the
 * interval is answered from memory and reloads behind it, so a gateway in use is never waited for, and one
 * whose value was loaded longer than the whole interval ago (its replica idle for it) waits for the reload
 * rather than being answered with what was held (a token revoked long before let one more request through,
 * a deleted gateway served one more). When the store cannot answer, what was held is answered: a known
 * gateway is served through a database outage. Unknown gateways are cached too, so a flood of requests to a
 * wrong URL does not reach the database.
 */
public final class GatewayLookupCache implements LoadGatewayPort, LoadGatewayTokensPort {

    private static final long MAX_ENTRIES = 10_000;

    private final Fresh<Optional<Gateway>> gateways;
    private final Fresh<Set<TokenHash>> tokens;

    GatewayLookupCache(GatewayRows rows, Executor executor, Duration refresh) {
        this.gateways = new Fresh<>(executor, refresh, rows::find);
        this.tokens = new Fresh<>(executor, refresh, ref -> Set.copyOf(rows.tokenHashes(ref)));
    }

    @Override
    public CompletionStage<Optional<Gateway>> loadGateway(GatewayRef ref) {
        return gateways.get(ref);
    }

    @Override
    public CompletionStage<Set<TokenHash>> loadTokenHashes(GatewayRef ref) {
        return tokens.get(ref);
    }

    void invalidate(GatewayRef ref) {
        gateways.invalidate(ref);
        tokens.invalidate(ref);
    }

    /** A value with when it was loaded, and the answer to hand out while it is fresh (made once, not per lookup). */
    private record Loaded<V>(V value, long loadedAt, CompletionStage<V> answer) {

        static <V> Loaded<V> now(V value) {
            return new Loaded<>(value, System.nanoTime(), CompletableFuture.completedFuture(value));
        }
    }

    /** One cache of lookups, never answering what was loaded longer than the interval ago while the store answers. */
    private static final class Fresh<V> {

        private final AsyncLoadingCache<GatewayRef, Loaded<V>> cache;
        private final long maxAgeNanos;

        Fresh(Executor executor, Duration refresh, Function<GatewayRef, V> load) {
            Duration half = refresh.dividedBy(2);
            this.maxAgeNanos = refresh.toNanos();
            this.cache = Caffeine.newBuilder()
                    .executor(executor)
                    .maximumSize(MAX_ENTRIES)
                    .refreshAfterWrite(half.isZero() ? refresh : half)
                    .buildAsync(ref -> Loaded.now(load.apply(ref)));
        }

        CompletionStage<V> get(GatewayRef ref) {
            CompletableFuture<Loaded<V>> cached = cache.get(ref);
            if (cached.isDone() && !cached.isCompletedExceptionally()) {
                Loaded<V> held = cached.join();
                if (System.nanoTime() - held.loadedAt() <= maxAgeNanos) {
                    return held.answer();
                }
            }
            return cached.thenCompose(held -> System.nanoTime() - held.loadedAt() <= maxAgeNanos ? held.answer()
                    : cache.synchronous().refresh(ref)
                    .handle((fresh, failed) -> fresh != null ? fresh.value() : held.value()));
        }

        void invalidate(GatewayRef ref) {
            cache.synchronous().invalidate(ref);
        }
    }
}
