package dev.sluice.application.gateway;

import dev.sluice.application.cache.CacheUnavailableException;
import dev.sluice.application.cache.PurgeResponseCachePort;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.Failures;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayPage;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.gateway.GatewaySettings;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Gateway management for the one account this Sluice serves. A gateway's cached answers go with it when
 * it is deleted, and when it is updated with {@code cache_invalidate_on_update} set.
 */
public final class ManageGatewaysService implements ManageGatewaysUseCase, ProvisionGatewaysUseCase,
        PurgeGatewayCacheUseCase {

    private static final long FIRST_REVISION = 1;
    private static final int MAX_UPDATE_ATTEMPTS = 100;
    private static final Duration FORGET_WAIT = Duration.ofSeconds(5);

    private final AccountId account;
    private final FindGatewaysPort find;
    private final DeleteGatewayLogsPort logs;
    private final StoreGatewayPort store;
    private final PurgeResponseCachePort cache;
    private final ForgetGatewayCountersPort counters;
    private final Clock clock;
    private final ProviderFilters providerFilters;
    /** The gateways being updated or deleted now, each with its turn; an entry goes when its last user is done. */
    private final Map<GatewayRef, Turn> turns = new ConcurrentHashMap<>();

    public ManageGatewaysService(AccountId account, FindGatewaysPort find, StoreGatewayPort store,
                                 PurgeResponseCachePort cache, DeleteGatewayLogsPort logs,
                                 ForgetGatewayCountersPort counters, Clock clock) {
        this(account, find, store, cache, logs, counters, clock, ProviderFilters.any());
    }

    /** @param providerFilters what a rule's provider filter may name */
    public ManageGatewaysService(AccountId account, FindGatewaysPort find, StoreGatewayPort store,
                                 PurgeResponseCachePort cache, DeleteGatewayLogsPort logs,
                                 ForgetGatewayCountersPort counters, Clock clock, ProviderFilters providerFilters) {
        this.providerFilters = providerFilters;
        this.account = account;
        this.find = find;
        this.store = store;
        this.cache = cache;
        this.logs = logs;
        this.counters = counters;
        this.clock = clock;
    }

    /** A gateway's turn: its lock, and how many calls hold or wait for it (changed only inside the map's compute). */
    private static final class Turn {
        private final ReentrantLock lock = new ReentrantLock();
        private int users;
    }

    /**
     * Runs an update or a delete of a gateway when no other one of the same gateway runs in this process, so that an
     * update cannot land between a conditional delete's check and its last step: the delete would then answer 412 with
     * the gateway's logs, cached answers and counters already gone. Other gateways' changes do not wait. (Replicas
     * sharing a database can still interleave so; the delete then answers 412 as before.)
     */
    private <T> T inTurn(GatewayRef ref, Supplier<T> change) {
        Turn turn = turns.compute(ref, (key, existing) -> {
            Turn taken = existing == null ? new Turn() : existing;
            taken.users++;
            return taken;
        });
        turn.lock.lock();
        try {
            return change.get();
        } finally {
            turn.lock.unlock();
            turns.compute(ref, (key, existing) -> --existing.users == 0 ? null : existing);
        }
    }

    @Override
    public StoredGateway create(GatewayRef ref, GatewaySettings settings) {
        checkAccount(ref.account());
        providerFilters.check(GatewaySettings.defaults(), settings);
        Gateway gateway = Gateway.create(ref, settings, clock.instant());
        if (!store.insertGateway(gateway)) {
            throw new GatewayException(ErrorCode.CONFLICT, "A gateway with id '" + ref.id() + "' already exists");
        }
        return new StoredGateway(gateway, FIRST_REVISION);
    }

    @Override
    public Gateway get(GatewayRef ref) {
        checkAccount(ref.account());
        return find.findGateway(ref).orElseThrow(() -> notFound(ref));
    }

    private static GatewayException notFound(GatewayRef ref) {
        return new GatewayException(ErrorCode.NOT_FOUND, "Gateway '" + ref.id() + "' not found");
    }

    @Override
    public GatewayPage list(ListGatewaysQuery query) {
        checkAccount(query.account());
        return find.findGateways(query.account(), query.page(), query.perPage(), query.search());
    }

    @Override
    public StoredGateway read(GatewayRef ref) {
        checkAccount(ref.account());
        return store.findStoredGateway(ref).orElseThrow(() -> notFound(ref));
    }

    /**
     * Reads, changes and compares-and-sets the stored row; when another change landed in between, reads
     * again and applies this change on top of it. Every round lets at least one writer through, so the
     * bound is only reached when a gateway is changed far faster than it can be written.
     */
    @Override
    public StoredGateway update(UpdateGatewayCommand command) {
        return inTurn(command.ref(), () -> updateInTurn(command));
    }

    private StoredGateway updateInTurn(UpdateGatewayCommand command) {
        for (int attempt = 1; ; attempt++) {
            StoredGateway current = read(command.ref());
            if (command.condition().isPresent() && !command.condition().get().admits(current)) {
                throw changedSince(command.ref());
            }
            GatewaySettings settings = command.change().apply(current.gateway().settings());
            providerFilters.check(current.gateway().settings(), settings);
            Gateway changed = current.gateway().update(settings, clock.instant());
            Optional<StoredGateway> written = store.updateGateway(changed, current.revision());
            if (written.isPresent()) {
                if (changed.settings().cacheInvalidateOnUpdate()) {
                    purge(command.ref(), "The gateway was updated, but its cached responses could not be dropped: ");
                }
                return written.get();
            }
            if (attempt == MAX_UPDATE_ATTEMPTS) {
                throw new GatewayException(ErrorCode.CONFLICT, "Gateway '" + command.ref().id()
                        + "' is being changed by too many requests at once; try again");
            }
        }
    }

    /**
     * Drops what the gateway left in the other stores — its limit counters, its cached answers, its logs and
     * analytics — and only then its row, each step safe to run again: a step that fails leaves the gateway in place
     * and says so, and the client's retry (the same {@code DELETE}) completes it. Entries that replicas still serving
     * the gateway write after its logs were deleted are refused by the log store, which keeps which incarnation of
     * the id was deleted ({@link DeleteGatewayLogsPort}).
     */
    @Override
    public Gateway delete(GatewayRef ref, Optional<VersionCondition> condition) {
        checkAccount(ref.account());
        return inTurn(ref, () -> deleteInTurn(ref, condition));
    }

    private Gateway deleteInTurn(GatewayRef ref, Optional<VersionCondition> condition) {
        StoredGateway current = read(ref);
        if (ref.id().equals(GatewayId.DEFAULT)) {
            throw new GatewayException(ErrorCode.CONFLICT,
                    "The default gateway can be changed but not deleted");
        }
        if (condition.isPresent() && !condition.get().admits(current)) {
            throw changedSince(ref);
        }
        forgetCounters(ref);
        purge(ref, "The gateway was not deleted: its cached responses could not be dropped; try again. ");
        logs.deleteAllLogs(current.gateway());
        Optional<Gateway> deleted = condition.isEmpty() ? store.deleteGateway(ref)
                : store.deleteGateway(ref, current.revision());
        return deleted.orElseThrow(() -> condition.isPresent() && store.findStoredGateway(ref).isPresent()
                ? changedSince(ref) : notFound(ref));
    }

    /** The deleted gateway's limit counters go with it: one created again under its id starts afresh. */
    private void forgetCounters(GatewayRef ref) {
        try {
            counters.forgetCounters(ref).toCompletableFuture().get(FORGET_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw countersKept(e);
        } catch (ExecutionException | TimeoutException e) {
            throw countersKept(e);
        }
    }

    private static GatewayException countersKept(Exception cause) {
        return new GatewayException(ErrorCode.STORE_UNAVAILABLE, "The gateway was not deleted: its limit counters "
                + "could not be dropped; try again", Failures.cause(
                cause instanceof ExecutionException && cause.getCause() != null ? cause.getCause() : cause));
    }

    private static GatewayException changedSince(GatewayRef ref) {
        return new GatewayException(ErrorCode.PRECONDITION_FAILED, "Gateway '" + ref.id()
                + "' has changed since the version named in If-Match; read it again");
    }

    @Override
    public void purgeCache(GatewayRef ref) {
        purge(get(ref).ref(), "");
    }

    private void purge(GatewayRef ref, String context) {
        try {
            cache.purgeGateway(ref);
        } catch (CacheUnavailableException e) {
            throw new GatewayException(ErrorCode.CACHE_UNAVAILABLE, context + ErrorCode.CACHE_UNAVAILABLE.defaultMessage(),
                    e);
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
                update(UpdateGatewayCommand.replace(ref, settings));
            }
        });
    }

    private void checkAccount(AccountId requested) {
        if (!account.equals(requested)) {
            throw new GatewayException(ErrorCode.NOT_FOUND, "Account '" + requested + "' not found");
        }
    }
}
