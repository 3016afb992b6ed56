package dev.sluice.application.gateway;

import dev.sluice.application.cache.CacheUnavailableException;
import dev.sluice.application.cache.PurgeResponseCachePort;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayPage;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.gateway.GatewaySettings;

import java.time.Clock;
import java.util.Map;

/**
 * Gateway management for the one account this Sluice serves. A gateway's cached answers go with it when
 * it is deleted, and when it is updated with {@code cache_invalidate_on_update} set.
 */
public final class ManageGatewaysService implements ManageGatewaysUseCase, ProvisionGatewaysUseCase,
        PurgeGatewayCacheUseCase {

    private final AccountId account;
    private final FindGatewaysPort find;
    private final DeleteGatewayLogsPort logs;
    private final StoreGatewayPort store;
    private final PurgeResponseCachePort cache;
    private final Clock clock;

    public ManageGatewaysService(AccountId account, FindGatewaysPort find, StoreGatewayPort store,
                                 PurgeResponseCachePort cache, DeleteGatewayLogsPort logs, Clock clock) {
        this.account = account;
        this.find = find;
        this.store = store;
        this.cache = cache;
        this.logs = logs;
        this.clock = clock;
    }

    @Override
    public Gateway create(GatewayRef ref, GatewaySettings settings) {
        checkAccount(ref.account());
        Gateway gateway = Gateway.create(ref, settings, clock.instant());
        if (!store.insertGateway(gateway)) {
            throw new GatewayException(ErrorCode.CONFLICT, "A gateway with id '" + ref.id() + "' already exists");
        }
        return gateway;
    }

    @Override
    public Gateway get(GatewayRef ref) {
        checkAccount(ref.account());
        return find.findGateway(ref).orElseThrow(
                () -> new GatewayException(ErrorCode.NOT_FOUND, "Gateway '" + ref.id() + "' not found"));
    }

    @Override
    public GatewayPage list(ListGatewaysQuery query) {
        checkAccount(query.account());
        return find.findGateways(query.account(), query.page(), query.perPage(), query.search());
    }

    @Override
    public Gateway update(GatewayRef ref, GatewaySettings settings) {
        Gateway updated = get(ref).update(settings, clock.instant());
        store.updateGateway(updated);
        if (updated.settings().cacheInvalidateOnUpdate()) {
            purge(ref, "The gateway was updated, but its cached responses could not be dropped: ");
        }
        return updated;
    }

    @Override
    public Gateway delete(GatewayRef ref) {
        Gateway existing = get(ref);
        if (existing.isDefault()) {
            throw new GatewayException(ErrorCode.CONFLICT,
                    "The default gateway can be changed but not deleted");
        }
        store.deleteGateway(ref);
        logs.deleteAllLogs(ref);
        purge(ref, "The gateway was deleted, but its cached responses could not be dropped: ");
        return existing;
    }

    @Override
    public void purgeCache(GatewayRef ref) {
        purge(get(ref).ref(), "");
    }

    private void purge(GatewayRef ref, String context) {
        try {
            cache.purgeGateway(ref);
        } catch (CacheUnavailableException e) {
            throw new GatewayException(ErrorCode.CACHE_UNAVAILABLE,
                    context + ErrorCode.CACHE_UNAVAILABLE.defaultMessage() + " (" + e.getMessage() + ")");
        }
    }

    @Override
    public void provision(Map<GatewayId, GatewaySettings> configured) {
        GatewayRef defaultRef = new GatewayRef(account, GatewayId.DEFAULT);
        if (!configured.containsKey(GatewayId.DEFAULT) && find.findGateway(defaultRef).isEmpty()) {
            store.insertGateway(Gateway.create(defaultRef, GatewaySettings.defaults(), clock.instant()));
        }
        configured.forEach((id, settings) -> {
            GatewayRef ref = new GatewayRef(account, id);
            var existing = find.findGateway(ref);
            if (existing.isEmpty()) {
                store.insertGateway(Gateway.create(ref, settings, clock.instant()));
            } else if (!existing.get().settings().equals(settings)) {
                store.updateGateway(existing.get().update(settings, clock.instant()));
            }
        });
    }

    private void checkAccount(AccountId requested) {
        if (!account.equals(requested)) {
            throw new GatewayException(ErrorCode.NOT_FOUND, "Account '" + requested + "' not found");
        }
    }
}
