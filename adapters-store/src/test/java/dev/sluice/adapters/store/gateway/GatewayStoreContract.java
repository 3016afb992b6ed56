package dev.sluice.adapters.store.gateway;

import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.application.gateway.StoredGateway;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.Backoff;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayPage;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.gateway.LogManagementStrategy;
import dev.sluice.domain.gateway.LimitRulesReader;
import dev.sluice.domain.gateway.RateLimitTechnique;
import dev.sluice.domain.token.GatewayToken;
import dev.sluice.domain.token.TokenHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What every gateway store must do; run against each implementation by a subclass. */
abstract class GatewayStoreContract {

    private static final AccountId ACCOUNT = new AccountId("local");
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123456Z");

    private JdbcGatewayStore store;
    private JdbcAdminTokenStore admin;

    private DataSource dataSource;

    protected abstract DataSource openDataSource();

    protected abstract void closeDataSource(DataSource dataSource) throws Exception;

    @AfterEach
    void closeStore() throws Exception {
        closeDataSource(dataSource);
    }

    @BeforeEach
    void createStore() {
        dataSource = openDataSource();
        Jdbc jdbc = new Jdbc(dataSource);
        store = new JdbcGatewayStore(jdbc, Runnable::run, Duration.ofMinutes(1));
        admin = new JdbcAdminTokenStore(jdbc, Clock.fixed(T0, ZoneOffset.UTC));
    }

    private static GatewayRef ref(String id) {
        return new GatewayRef(ACCOUNT, new GatewayId(id));
    }

    private static GatewaySettings everythingSet() {
        return new GatewaySettings(3600, true, false, 60, 100, RateLimitTechnique.SLIDING, true,
                OptionalLong.of(50_000), LogManagementStrategy.DELETE_OLDEST, true, Optional.of("k".repeat(20)),
                3, 500, Backoff.EXPONENTIAL, LimitRulesReader.spendLimits(java.util.Map.of("enabled", true,
                        "rules", java.util.List.of(java.util.Map.of("id", "weekly", "limit", new java.math.BigDecimal("123456789.123456789"), "window", 604800,
                                "technique", "sliding", "metadata", java.util.Map.of("team",
                                        java.util.Map.of("mode", "filter", "values", java.util.List.of("a", "b")))))),
                        LimitRulesReader.limits(java.util.List.of(
                                java.util.Map.of("id", "per-user", "count", "requests", "limit", 20, "window", 60,
                                        "key", "metadata.user_id", "on_store_failure", "deny"),
                                java.util.Map.of("count", "tokens", "limit", 50000, "window", 3600, "key", "token",
                                        "model", java.util.Map.of("mode", "partition")),
                                java.util.Map.of("count", "concurrent", "limit", 4, "key", "header.x-team")))));
    }

    @Test
    void keepsEverySettingExactly() {
        Gateway gateway = Gateway.create(ref("full"), everythingSet(), T0);
        assertThat(store.insertGateway(gateway)).isTrue();
        assertThat(store.findGateway(ref("full"))).contains(gateway);
        Gateway defaults = Gateway.create(ref("plain"), GatewaySettings.defaults(), T0);
        store.insertGateway(defaults);
        assertThat(store.findGateway(ref("plain"))).contains(defaults);
    }

    @Test
    void aRateLimitIntervalStoredBeforeItWasBoundedLoadsAsTheLongestAllowed() throws Exception {
        store.insertGateway(Gateway.create(ref("old-interval"), GatewaySettings.defaults(), T0));
        try (var connection = dataSource.getConnection(); var update = connection.prepareStatement(
                "update gateways set rate_limiting_interval = ?, rate_limiting_limit = 1 where id = 'old-interval'")) {
            update.setLong(1, 9_223_372_036_854_776L);
            update.executeUpdate();
        }
        GatewaySettings loaded = store.findGateway(ref("old-interval")).orElseThrow().settings();
        assertThat(loaded.rateLimitingIntervalSeconds()).isEqualTo(LimitRulesReader.MAX_WINDOW_SECONDS);
        assertThat(loaded.rateLimitRule()).isPresent();
    }

    @Test
    void refusesASecondGatewayWithTheSameId() {
        assertThat(store.insertGateway(Gateway.create(ref("dup"), GatewaySettings.defaults(), T0))).isTrue();
        assertThat(store.insertGateway(Gateway.create(ref("dup"), everythingSet(), T0))).isFalse();
        assertThat(store.findGateway(ref("dup")).orElseThrow().settings()).isEqualTo(GatewaySettings.defaults());
    }

    @Test
    void updatesAreSeenByTheRequestPathAtOnce() throws Exception {
        Gateway gateway = Gateway.create(ref("live"), GatewaySettings.defaults(), T0);
        store.insertGateway(gateway);
        assertThat(store.lookup().loadGateway(ref("live")).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .contains(gateway);
        Gateway updated = gateway.update(everythingSet(), T0.plusSeconds(5));
        assertThat(store.updateGateway(updated, 1)).contains(new StoredGateway(updated, 2));
        assertThat(store.updateGateway(updated, 1)).as("compared and set: revision 1 is gone").isEmpty();
        assertThat(store.lookup().loadGateway(ref("live")).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .contains(updated);
        assertThat(store.deleteGateway(ref("live"), 1)).as("compared: revision 1 is gone").isEmpty();
        assertThat(store.findStoredGateway(ref("live"))).isPresent();
        assertThat(store.deleteGateway(ref("live"), 2)).contains(updated);
        assertThat(store.lookup().loadGateway(ref("live")).toCompletableFuture().get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(store.deleteGateway(ref("live"), 2)).isEmpty();
    }

    @Test
    void listsInCreationOrderWithPagesAndSearch() {
        for (int i = 1; i <= 5; i++) {
            store.insertGateway(Gateway.create(ref("team-" + i), GatewaySettings.defaults(), T0.plusSeconds(i)));
        }
        store.insertGateway(Gateway.create(ref("other"), GatewaySettings.defaults(), T0.plusSeconds(9)));

        GatewayPage second = store.findGateways(ACCOUNT, 2, 2, Optional.empty());
        assertThat(second.totalCount()).isEqualTo(6);
        assertThat(second.items()).extracting(g -> g.ref().id().value()).containsExactly("team-3", "team-4");

        GatewayPage found = store.findGateways(ACCOUNT, 1, 10, Optional.of("team"));
        assertThat(found.totalCount()).isEqualTo(5);
        assertThat(store.findGateways(ACCOUNT, 1, 10, Optional.of("%")).totalCount()).isZero();
        assertThat(store.findGateways(new AccountId("else"), 1, 10, Optional.empty()).totalCount()).isZero();
    }

    /**
     * Two replicas' stores on one database: a change made through one is seen through the other within the refresh
     * interval, by the other's very first lookup after it, however long that replica has been idle. The cache used to
     * answer that first lookup with what it held (and only reload behind it): a token revoked 30 s earlier let a request
     * through, a deleted gateway served one more.
     */
    @Test
    void anotherReplicasChangeIsSeenByTheFirstLookupAfterTheRefreshIntervalHoweverIdle() throws Exception {
        Duration refresh = Duration.ofMillis(300);
        Jdbc jdbc = new Jdbc(dataSource);
        JdbcGatewayStore a = new JdbcGatewayStore(jdbc, Runnable::run, refresh);
        // Loads on a thread of their own, as in the gateway: a reload then runs behind the lookup, not inside it.
        java.util.concurrent.ExecutorService loads = java.util.concurrent.Executors.newSingleThreadExecutor();
        JdbcGatewayStore b = new JdbcGatewayStore(jdbc, loads, refresh);
        Gateway gateway = Gateway.create(ref("shared"), GatewaySettings.defaults(), T0);
        a.insertGateway(gateway);
        a.insertToken(new GatewayToken("tok", ref("shared"), "ci", TokenHash.of("secret"), T0));
        assertThat(b.lookup().loadGateway(ref("shared")).toCompletableFuture().get(5, TimeUnit.SECONDS)).contains(gateway);
        assertThat(b.lookup().loadTokenHashes(ref("shared")).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .containsExactly(TokenHash.of("secret"));

        Gateway updated = gateway.update(everythingSet(), T0.plusSeconds(5));
        assertThat(a.updateGateway(updated, 1)).isPresent();
        assertThat(a.deleteToken(ref("shared"), "tok")).isTrue();
        Thread.sleep(refresh.toMillis() * 2);
        assertThat(b.lookup().loadGateway(ref("shared")).toCompletableFuture().get(5, TimeUnit.SECONDS)).contains(updated);
        assertThat(b.lookup().loadTokenHashes(ref("shared")).toCompletableFuture().get(5, TimeUnit.SECONDS)).isEmpty();

        assertThat(a.deleteGateway(ref("shared"))).isPresent();
        Thread.sleep(refresh.toMillis() * 2);
        assertThat(b.lookup().loadGateway(ref("shared")).toCompletableFuture().get(5, TimeUnit.SECONDS)).isEmpty();
        loads.shutdown();
    }

    /** A replica whose database is down keeps answering with the gateway it holds, however old: it serves on. */
    @Test
    void aKnownGatewayIsStillAnsweredPastTheIntervalWhileTheStoreCannotBeReached() throws Exception {
        Duration refresh = Duration.ofMillis(300);
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
        DataSource reachable = dataSource;
        DataSource flaky = (DataSource) java.lang.reflect.Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (down.get() && method.getName().equals("getConnection")) {
                        throw new java.sql.SQLException("the database is down", "08006");
                    }
                    try {
                        return method.invoke(reachable, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        java.util.concurrent.ExecutorService loads = java.util.concurrent.Executors.newSingleThreadExecutor();
        JdbcGatewayStore replica = new JdbcGatewayStore(new Jdbc(flaky), loads, refresh);
        Gateway gateway = Gateway.create(ref("held"), GatewaySettings.defaults(), T0);
        store.insertGateway(gateway);
        assertThat(replica.lookup().loadGateway(ref("held")).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .contains(gateway);
        down.set(true);
        Thread.sleep(refresh.toMillis() * 2);
        assertThat(replica.lookup().loadGateway(ref("held")).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .contains(gateway);
        loads.shutdown();
    }

    @Test
    void tokensBelongToTheirGatewayAndGoWithIt() throws Exception {
        store.insertGateway(Gateway.create(ref("locked"), GatewaySettings.defaults(), T0));
        GatewayToken token = new GatewayToken("tok-1", ref("locked"), "ci", TokenHash.of("secret"), T0);
        store.insertToken(token);

        assertThat(store.listTokens(ref("locked"))).containsExactly(token);
        assertThat(store.lookup().loadTokenHashes(ref("locked")).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .containsExactly(TokenHash.of("secret"));

        assertThat(store.deleteToken(ref("locked"), "tok-1")).isTrue();
        assertThat(store.deleteToken(ref("locked"), "tok-1")).isFalse();
        assertThat(store.lookup().loadTokenHashes(ref("locked")).toCompletableFuture().get(5, TimeUnit.SECONDS)).isEmpty();

        store.insertToken(new GatewayToken("tok-2", ref("locked"), "ci", TokenHash.of("other"), T0));
        store.deleteGateway(ref("locked"));
        assertThat(store.listTokens(ref("locked"))).isEmpty();
    }

    @Test
    void theFirstAdminTokenStoredWins() {
        assertThat(admin.loadAdminToken()).isEmpty();
        assertThat(admin.saveAdminTokenIfAbsent(TokenHash.of("first"))).isTrue();
        assertThat(admin.saveAdminTokenIfAbsent(TokenHash.of("second"))).isFalse();
        assertThat(admin.loadAdminToken()).contains(TokenHash.of("first"));
    }
}
