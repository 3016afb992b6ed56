package dev.sluice.application.gateway;

import dev.sluice.application.cache.CacheUnavailableException;
import dev.sluice.application.support.CountingLimitCounters;
import dev.sluice.application.support.InMemoryResponseCache;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayPage;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.gateway.GatewaySettings;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManageGatewaysServiceTest {

    private static final AccountId ACCOUNT = new AccountId("local");
    private final InMemoryGateways store = new InMemoryGateways();
    private final InMemoryResponseCache cache = new InMemoryResponseCache();
    private final CountingLimitCounters counters = new CountingLimitCounters();
    private final ManageGatewaysService service = new ManageGatewaysService(ACCOUNT, store, store, cache, gateway -> 0,
            counters::forget, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    private static GatewayRef ref(String id) {
        return new GatewayRef(ACCOUNT, new GatewayId(id));
    }

    private static void assertCode(Runnable action, ErrorCode code) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void provisioningCreatesTheDefaultGatewayAndAppliesConfiguredOnes() {
        GatewaySettings cached = new GatewaySettings(3600, false, true, 0, 0,
                GatewaySettings.defaults().rateLimitingTechnique(), true, GatewaySettings.defaults().logManagement(),
                GatewaySettings.defaults().logManagementStrategy(), false, Optional.empty(), 1, 0,
                GatewaySettings.defaults().retryBackoff());
        service.provision(Map.of(new GatewayId("prod"), cached));
        assertThat(service.get(ref("default")).isDefault()).isTrue();
        assertThat(service.get(ref("prod")).settings()).isEqualTo(cached);

        service.provision(Map.of(new GatewayId("prod"), GatewaySettings.defaults()));
        assertThat(service.get(ref("prod")).settings()).isEqualTo(GatewaySettings.defaults());
    }

    private static GatewaySettings invalidatingOnUpdate(boolean invalidate) {
        GatewaySettings d = GatewaySettings.defaults();
        return new GatewaySettings(3600, invalidate, d.collectLogs(), d.rateLimitingIntervalSeconds(),
                d.rateLimitingLimit(), d.rateLimitingTechnique(), d.authentication(), d.logManagement(),
                d.logManagementStrategy(), d.logpush(), d.logpushPublicKey(), d.retryMaxAttempts(), d.retryDelayMs(),
                d.retryBackoff());
    }

    @Test
    void anUpdateDropsTheCacheOnlyWhenTheGatewayAsksForIt() {
        service.create(ref("keep"), invalidatingOnUpdate(false));
        service.update(UpdateGatewayCommand.replace(ref("keep"), invalidatingOnUpdate(false)));
        assertThat(cache.purged).isEmpty();
        service.create(ref("fresh"), invalidatingOnUpdate(true));
        service.update(UpdateGatewayCommand.replace(ref("fresh"), invalidatingOnUpdate(true)));
        assertThat(cache.purged).containsExactly(ref("fresh"));
    }

    @Test
    void purgingNeedsAnExistingGatewayAndDeletingPurges() {
        assertCode(() -> service.purgeCache(ref("nope")), ErrorCode.NOT_FOUND);
        service.create(ref("gone"), GatewaySettings.defaults());
        service.purgeCache(ref("gone"));
        service.delete(ref("gone"));
        assertThat(cache.purged).containsExactly(ref("gone"), ref("gone"));
    }

    @Test
    void anUnreachableCacheIsReportedNotIgnored() {
        ManageGatewaysService withBrokenCache = new ManageGatewaysService(ACCOUNT, store, store, gateway -> {
            throw new CacheUnavailableException("redis://127.0.0.1:1 refused the connection", null);
        }, gateway -> 0, counters::forget, Clock.systemUTC());
        withBrokenCache.create(ref("b"), invalidatingOnUpdate(true));
        assertCode(() -> withBrokenCache.purgeCache(ref("b")), ErrorCode.CACHE_UNAVAILABLE);
        assertCode(() -> withBrokenCache.update(UpdateGatewayCommand.replace(ref("b"), invalidatingOnUpdate(true))), ErrorCode.CACHE_UNAVAILABLE);
        assertThat(withBrokenCache.get(ref("b")).settings()).isEqualTo(invalidatingOnUpdate(true));
    }

    @Test
    void createRefusesDuplicatesAndOtherAccounts() {
        service.create(ref("a"), GatewaySettings.defaults());
        assertCode(() -> service.create(ref("a"), GatewaySettings.defaults()), ErrorCode.CONFLICT);
        assertCode(() -> service.create(new GatewayRef(new AccountId("other"), new GatewayId("a")),
                GatewaySettings.defaults()), ErrorCode.NOT_FOUND);
    }

    @Test
    void theDefaultGatewayCanChangeButNotBeDeleted() {
        service.provision(Map.of());
        service.update(UpdateGatewayCommand.replace(ref("default"), GatewaySettings.defaults().withAuthentication(true)));
        assertThat(service.get(ref("default")).settings().authentication()).isTrue();
        assertCode(() -> service.delete(ref("default")), ErrorCode.CONFLICT);
    }

    @Test
    void deleteReturnsTheGatewayAndThenItIsGoneWithItsLimitCounters() {
        service.create(ref("gone"), GatewaySettings.defaults());
        counters.counts.put("local/gone/rule|", 5L);
        counters.counts.put("local/gone-too/rule|", 7L);
        assertThat(service.delete(ref("gone")).ref()).isEqualTo(ref("gone"));
        assertCode(() -> service.get(ref("gone")), ErrorCode.NOT_FOUND);
        assertThat(counters.counts).containsOnlyKeys("local/gone-too/rule|");
    }

    /**
     * A delete whose logs step fails (a database that cannot be reached, say) leaves the gateway in place and says so;
     * the client's retry completes it. Before, the row went first: the failure left the logs, cached answers and
     * counters behind, and the retry was a 404.
     */
    @Test
    void aDeleteThatFailsLeavesTheGatewayInPlaceAndItsRetryCompletesIt() {
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger(1);
        java.util.List<Gateway> logsDeleted = new java.util.ArrayList<>();
        ManageGatewaysService flaky = new ManageGatewaysService(ACCOUNT, store, store, cache, gateway -> {
            if (failures.getAndDecrement() > 0) {
                throw new dev.sluice.domain.error.StoreUnavailableException("connection refused", null);
            }
            logsDeleted.add(gateway);
            return 3;
        }, counters::forget, Clock.systemUTC());
        Gateway created = flaky.create(ref("flaky"), GatewaySettings.defaults()).gateway();

        assertThatThrownBy(() -> flaky.delete(ref("flaky")))
                .isInstanceOf(dev.sluice.domain.error.StoreUnavailableException.class);
        assertThat(flaky.get(ref("flaky"))).as("still there, to delete again").isEqualTo(created);

        counters.counts.put("local/flaky/rule|", 5L);
        assertThat(flaky.delete(ref("flaky")).ref()).isEqualTo(ref("flaky"));
        assertCode(() -> flaky.get(ref("flaky")), ErrorCode.NOT_FOUND);
        assertThat(logsDeleted).as("told which incarnation went").containsExactly(created);
        assertThat(counters.counts).doesNotContainKey("local/flaky/rule|");
        assertThat(cache.purged).containsExactly(ref("flaky"), ref("flaky"));
    }

    /**
     * An update sent while a conditional delete is dropping the gateway's counters, cached answers and logs waits for
     * it, and finds the gateway gone; another gateway's update goes on meanwhile. Before, it landed in between, and the delete answered 412 (the gateway had
     * changed since the version it named) with all of that already dropped.
     */
    @Test
    void anUpdateDuringAConditionalDeleteWaitsForItAndDoesNotTurnItInto412() throws Exception {
        java.util.concurrent.CountDownLatch dropping = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ManageGatewaysService slowCounters = new ManageGatewaysService(ACCOUNT, store, store, cache, gateway -> 0,
                gateway -> java.util.concurrent.CompletableFuture.runAsync(() -> {
                    dropping.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }), Clock.systemUTC());
        StoredGateway created = slowCounters.create(ref("raced"), GatewaySettings.defaults());
        slowCounters.create(ref("other"), GatewaySettings.defaults());
        var threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var delete = threads.submit(() -> slowCounters.delete(ref("raced"),
                    Optional.of(VersionCondition.oneOf(java.util.Set.of(created.versionTag())))));
            assertThat(dropping.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            var updating = new java.util.concurrent.atomic.AtomicReference<Thread>();
            var update = threads.submit(() -> {
                updating.set(Thread.currentThread());
                return slowCounters.update(new UpdateGatewayCommand(ref("raced"), s -> s.withAuthentication(true),
                        Optional.empty()));
            });
            assertThat(slowCounters.update(new UpdateGatewayCommand(ref("other"), s -> s.withAuthentication(true),
                    Optional.empty())).gateway().settings().authentication()).as("another gateway's waits for nothing")
                    .isTrue();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
            while (!update.isDone() && (updating.get() == null || updating.get().getState() != Thread.State.WAITING)
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(update.isDone()).as("the update waits for the delete").isFalse();
            release.countDown();

            assertThat(delete.get(5, java.util.concurrent.TimeUnit.SECONDS).ref()).isEqualTo(ref("raced"));
            assertThatThrownBy(() -> update.get(5, java.util.concurrent.TimeUnit.SECONDS))
                    .hasCauseInstanceOf(GatewayException.class)
                    .cause().satisfies(e -> assertThat(((GatewayException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    void aDeleteWhoseCountersOrCacheCannotBeDroppedLeavesTheGatewayInPlace() {
        ManageGatewaysService brokenCounters = new ManageGatewaysService(ACCOUNT, store, store, cache, gateway -> 0,
                gateway -> java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("Redis down")),
                Clock.systemUTC());
        brokenCounters.create(ref("kept"), GatewaySettings.defaults());
        assertCode(() -> brokenCounters.delete(ref("kept")), ErrorCode.STORE_UNAVAILABLE);
        assertThat(brokenCounters.get(ref("kept")).ref()).isEqualTo(ref("kept"));

        ManageGatewaysService brokenCache = new ManageGatewaysService(ACCOUNT, store, store, gateway -> {
            throw new CacheUnavailableException("redis://127.0.0.1:1 refused the connection", null);
        }, gateway -> 0, counters::forget, Clock.systemUTC());
        assertCode(() -> brokenCache.delete(ref("kept")), ErrorCode.CACHE_UNAVAILABLE);
        assertThat(brokenCache.get(ref("kept")).ref()).isEqualTo(ref("kept"));

        // Found by a probe: the store's address and its client's words were sent; they are the log's to carry.
        assertThatThrownBy(() -> brokenCounters.delete(ref("kept"))).hasMessageNotContaining("Redis down")
                .cause().hasMessage("Redis down");
        assertThatThrownBy(() -> brokenCache.delete(ref("kept"))).hasMessageNotContaining("127.0.0.1")
                .cause().hasMessageContaining("127.0.0.1");
    }

    @Test
    void listQueriesCheckTheirBounds() {
        assertCode(() -> new ListGatewaysQuery(ACCOUNT, 0, 20, Optional.empty()), ErrorCode.INVALID_PARAMETER);
        assertCode(() -> new ListGatewaysQuery(ACCOUNT, 1, 101, Optional.empty()), ErrorCode.INVALID_PARAMETER);
    }

    @Test
    void anUpdateLostToAConcurrentOneIsAppliedOnTopOfIt() {
        service.create(ref("raced"), GatewaySettings.defaults());
        store.interfereOnce = () -> store.write(ref("raced"), s -> s.withAuthentication(true));
        StoredGateway updated = service.update(new UpdateGatewayCommand(ref("raced"),
                s -> invalidatingOnUpdate(false), Optional.empty()));
        assertThat(updated.gateway().settings().cacheTtlSeconds()).isEqualTo(3600);
        assertThat(service.get(ref("raced")).settings().cacheTtlSeconds()).isEqualTo(3600);
        assertThat(updated.revision()).isEqualTo(3);
    }

    @Test
    void aConditionalUpdateNeedsTheVersionItNames() {
        StoredGateway created = service.create(ref("tagged"), GatewaySettings.defaults());
        assertThat(service.read(ref("tagged")).versionTag()).isEqualTo(created.versionTag());
        StoredGateway changed = service.update(new UpdateGatewayCommand(ref("tagged"), s -> s.withAuthentication(true),
                Optional.of(VersionCondition.oneOf(java.util.Set.of("nope", created.versionTag())))));
        assertThat(changed.versionTag()).isNotEqualTo(created.versionTag());
        assertCode(() -> service.update(new UpdateGatewayCommand(ref("tagged"), s -> s.withAuthentication(false),
                Optional.of(VersionCondition.oneOf(java.util.Set.of(created.versionTag()))))), ErrorCode.PRECONDITION_FAILED);
        assertThat(service.get(ref("tagged")).settings().authentication()).isTrue();
        service.update(new UpdateGatewayCommand(ref("tagged"), s -> s.withAuthentication(false),
                Optional.of(VersionCondition.any())));
        assertThat(service.get(ref("tagged")).settings().authentication()).isFalse();
        assertCode(() -> service.update(new UpdateGatewayCommand(ref("missing"), s -> s, Optional.of(VersionCondition.any()))),
                ErrorCode.NOT_FOUND);
    }

    @Test
    void aSecondDeleteFindsNothing() {
        service.create(ref("twice"), GatewaySettings.defaults());
        store.interfereOnce = () -> store.gateways.remove(ref("twice"));
        assertCode(() -> service.delete(ref("twice")), ErrorCode.NOT_FOUND);
        assertCode(() -> service.delete(ref("twice")), ErrorCode.NOT_FOUND);
    }

    /** Stores rows with revisions as the SQL store does; {@code interfereOnce} runs before the next write. */
    private static final class InMemoryGateways implements FindGatewaysPort, StoreGatewayPort {
        private final Map<GatewayRef, StoredGateway> gateways = new LinkedHashMap<>();
        Runnable interfereOnce = () -> { };

        void write(GatewayRef ref, java.util.function.UnaryOperator<GatewaySettings> change) {
            StoredGateway current = gateways.get(ref);
            gateways.put(ref, new StoredGateway(current.gateway().update(change.apply(current.gateway().settings()),
                    current.gateway().modifiedAt()), current.revision() + 1));
        }

        private void interfere() {
            Runnable once = interfereOnce;
            interfereOnce = () -> { };
            once.run();
        }

        @Override
        public Optional<Gateway> findGateway(GatewayRef ref) {
            return findStoredGateway(ref).map(StoredGateway::gateway);
        }

        @Override
        public GatewayPage findGateways(AccountId account, int page, int perPage, Optional<String> idContains) {
            var items = gateways.values().stream().map(StoredGateway::gateway).toList();
            return new GatewayPage(items, page, perPage, items.size());
        }

        @Override
        public boolean insertGateway(Gateway gateway) {
            return gateways.putIfAbsent(gateway.ref(), new StoredGateway(gateway, 1)) == null;
        }

        @Override
        public Optional<StoredGateway> findStoredGateway(GatewayRef ref) {
            return Optional.ofNullable(gateways.get(ref));
        }

        @Override
        public Optional<StoredGateway> updateGateway(Gateway gateway, long expectedRevision) {
            interfere();
            StoredGateway current = gateways.get(gateway.ref());
            if (current == null || current.revision() != expectedRevision) {
                return Optional.empty();
            }
            StoredGateway written = new StoredGateway(gateway, expectedRevision + 1);
            gateways.put(gateway.ref(), written);
            return Optional.of(written);
        }

        @Override
        public Optional<Gateway> deleteGateway(GatewayRef ref) {
            interfere();
            return Optional.ofNullable(gateways.remove(ref)).map(StoredGateway::gateway);
        }

        @Override
        public Optional<Gateway> deleteGateway(GatewayRef ref, long expectedRevision) {
            interfere();
            StoredGateway current = gateways.get(ref);
            if (current == null || current.revision() != expectedRevision) {
                return Optional.empty();
            }
            gateways.remove(ref);
            return Optional.of(current.gateway());
        }
    }
}
