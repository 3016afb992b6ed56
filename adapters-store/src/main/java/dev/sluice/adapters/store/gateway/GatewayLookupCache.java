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
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Gateways and token hashes for the request path, held in memory. A lookup that is cached answers at
 * once; a miss loads on the store's executor, never on the caller's thread. Writes on this replica
 * invalidate at once; writes on another replica show within the refresh interval. Unknown gateways are
 * cached too, so a flood of requests to a wrong URL does not reach the database.
 */
public final class GatewayLookupCache implements LoadGatewayPort, LoadGatewayTokensPort {

    private static final long MAX_ENTRIES = 10_000;

    private final AsyncLoadingCache<GatewayRef, Optional<Gateway>> gateways;
    private final AsyncLoadingCache<GatewayRef, Set<TokenHash>> tokens;

    GatewayLookupCache(GatewayRows rows, Executor executor, Duration refresh) {
        this.gateways = Caffeine.newBuilder()
                .executor(executor)
                .maximumSize(MAX_ENTRIES)
                .refreshAfterWrite(refresh)
                .buildAsync(rows::find);
        this.tokens = Caffeine.newBuilder()
                .executor(executor)
                .maximumSize(MAX_ENTRIES)
                .refreshAfterWrite(refresh)
                .buildAsync(ref -> Set.copyOf(rows.tokenHashes(ref)));
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
        gateways.synchronous().invalidate(ref);
        tokens.synchronous().invalidate(ref);
    }
}
