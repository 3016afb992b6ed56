package dev.sluice.application.cache;

import dev.sluice.domain.gateway.GatewayRef;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many times each gateway's cache has been purged by this process. An answer whose provider call began before a
 * purge is not stored once it ends after it: a call under way as the cache was purged stored its answer a moment
 * later, and the purge (or a deleted gateway's, or an update's with {@code cache_invalidate_on_update}) left a
 * pre-purge answer behind. A purge on another replica is not seen here: its calls under way may still store theirs.
 */
public final class PurgeEpochs {

    private final Map<GatewayRef, Long> epochs = new ConcurrentHashMap<>();

    /** The purge port that, before dropping a gateway's entries, makes its calls under way stale. */
    public PurgeResponseCachePort guarding(PurgeResponseCachePort store) {
        return gateway -> {
            epochs.merge(gateway, 1L, Long::sum);
            store.purgeGateway(gateway);
        };
    }

    long current(GatewayRef gateway) {
        Long epoch = epochs.get(gateway);
        return epoch == null ? 0 : epoch;
    }
}
