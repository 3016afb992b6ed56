package dev.sluice.adapters.store.gateway;

import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.application.gateway.ManageGatewaysService;
import dev.sluice.application.gateway.StoredGateway;
import dev.sluice.application.gateway.UpdateGatewayCommand;
import dev.sluice.application.gateway.VersionCondition;
import dev.sluice.application.token.ManageGatewayTokensService;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.gateway.GatewaySettingsChange;
import dev.sluice.domain.token.TokenGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Management writes racing each other through the real services on a real store, many threads at once:
 * nothing a concurrent write did is lost, and every loser gets the answer its request deserves (never a
 * store failure). Each racing thread has a service of its own, as replicas sharing the database have: one service
 * lets a gateway's changes take turns, and the race would then never reach the store. Run against each store by a
 * subclass.
 */
abstract class GatewayConcurrencyContract {

    private static final AccountId ACCOUNT = new AccountId("local");
    private static final int THREADS = 8;

    private DataSource dataSource;
    private JdbcGatewayStore store;
    private ManageGatewaysService gateways;
    private ManageGatewayTokensService tokens;
    private ExecutorService pool;

    protected abstract DataSource openDataSource();

    protected abstract void closeDataSource(DataSource dataSource) throws Exception;

    @BeforeEach
    void open() {
        dataSource = openDataSource();
        store = new JdbcGatewayStore(new Jdbc(dataSource), Runnable::run, Duration.ofMinutes(1));
        gateways = replica();
        tokens = new ManageGatewayTokensService(ACCOUNT, store, new TokenGenerator("t_"), Clock.systemUTC());
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void close() throws Exception {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        closeDataSource(dataSource);
    }

    /** A service of its own over the same store, as another replica's. */
    private ManageGatewaysService replica() {
        return new ManageGatewaysService(ACCOUNT, store, store, gateway -> { }, gateway -> 0,
                gateway -> CompletableFuture.completedFuture(null), Clock.systemUTC());
    }

    private static GatewayRef ref(String id) {
        return new GatewayRef(ACCOUNT, new GatewayId(id));
    }

    /** Runs each task on its own thread, all released at once; returns what each returned or threw. */
    private List<Object> race(List<Callable<Object>> tasks) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> futures = new ArrayList<>();
        for (Callable<Object> task : tasks) {
            futures.add(pool.submit(() -> {
                start.await();
                try {
                    return task.call();
                } catch (GatewayException e) {
                    return e.code();
                }
            }));
        }
        start.countDown();
        List<Object> results = new ArrayList<>();
        for (Future<Object> future : futures) {
            results.add(future.get(60, TimeUnit.SECONDS));
        }
        return results;
    }

    @Test
    void partialUpdatesOfDifferentFieldsFromManyThreadsAllSurvive() throws Exception {
        gateways.create(ref("busy"), GatewaySettingsChange.of(GatewaySettings.defaults()).rateLimiting(60L, null, null)
                .apply());
        int rounds = 12;
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            boolean ttl = t % 2 == 0;
            ManageGatewaysService replica = replica();
            tasks.add(() -> {
                for (int i = 0; i < rounds; i++) {
                    // Each update names one field and adds one to it: a lost update shows as a missing one.
                    replica.update(new UpdateGatewayCommand(ref("busy"), s -> ttl
                            ? GatewaySettingsChange.of(s).cacheTtl(s.cacheTtlSeconds() + 1).apply()
                            : GatewaySettingsChange.of(s).rateLimiting(null, s.rateLimitingLimit() + 1, null).apply(),
                            Optional.empty()));
                }
                return "done";
            });
        }
        assertThat(race(tasks)).containsOnly("done");
        GatewaySettings settings = gateways.get(ref("busy")).settings();
        int perField = THREADS / 2 * rounds;
        assertThat(settings.cacheTtlSeconds()).isEqualTo(GatewaySettings.defaults().cacheTtlSeconds() + perField);
        assertThat(settings.rateLimitingLimit()).isEqualTo(GatewaySettings.defaults().rateLimitingLimit() + perField);
        assertThat(gateways.read(ref("busy")).revision()).isEqualTo(1 + 2L * perField);
    }

    @Test
    void ofManyUpdatesMadeFromTheSameVersionExactlyOneIsApplied() throws Exception {
        StoredGateway read = gateways.create(ref("tagged"), GatewaySettings.defaults());
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long ttl = 100 + t;
            ManageGatewaysService replica = replica();
            tasks.add(() -> replica.update(new UpdateGatewayCommand(ref("tagged"),
                    s -> GatewaySettingsChange.of(s).cacheTtl(ttl).apply(),
                    Optional.of(VersionCondition.oneOf(Set.of(read.versionTag()))))).gateway().settings().cacheTtlSeconds());
        }
        List<Object> results = race(tasks);
        assertThat(results).filteredOn(r -> r == ErrorCode.PRECONDITION_FAILED).hasSize(THREADS - 1);
        Object winner = results.stream().filter(r -> r instanceof Long).findFirst().orElseThrow();
        assertThat(gateways.get(ref("tagged")).settings().cacheTtlSeconds()).isEqualTo(winner);
    }

    @Test
    void ofManyDeletesOfOneGatewayExactlyOneSucceedsAndTheRestFindNothing() throws Exception {
        for (int round = 0; round < 5; round++) {
            gateways.create(ref("doomed"), GatewaySettings.defaults());
            List<Callable<Object>> tasks = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                ManageGatewaysService replica = replica();
                tasks.add(() -> replica.delete(ref("doomed")).ref());
            }
            List<Object> results = race(tasks);
            assertThat(results).filteredOn(r -> r.equals(ref("doomed"))).hasSize(1);
            assertThat(results).filteredOn(r -> r == ErrorCode.NOT_FOUND).hasSize(THREADS - 1);
        }
    }

    @Test
    void tokensIssuedWhileTheGatewayIsDeletedAreNotFoundOrGoWithIt() throws Exception {
        Map<Object, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        for (int round = 0; round < 10; round++) {
            GatewayRef gateway = ref("going-" + round);
            gateways.create(gateway, GatewaySettings.defaults());
            List<Callable<Object>> tasks = new ArrayList<>();
            tasks.add(() -> {
                Thread.sleep(5);
                return gateways.delete(gateway).ref();
            });
            for (int t = 1; t < THREADS; t++) {
                tasks.add(() -> {
                    Object last = "issued";
                    for (int i = 0; i < 1000 && last.equals("issued"); i++) {
                        try {
                            tokens.issue(gateway, "racer");
                        } catch (GatewayException e) {
                            last = e.code();
                        }
                        outcomes.computeIfAbsent(last, k -> new AtomicInteger()).incrementAndGet();
                    }
                    return last;
                });
            }
            List<Object> results = race(tasks);
            assertThat(results.get(0)).isEqualTo(gateway);
            assertThat(results.subList(1, results.size())).as("each issuer ends at the delete").containsOnly(ErrorCode.NOT_FOUND);
            assertThat(store.listTokens(gateway)).as("no token outlives its gateway").isEmpty();
            assertThat(new Jdbc(dataSource).queryOne("select count(*) from gateway_tokens where gateway_id = ?",
                    s -> s.setString(1, gateway.id().value()), row -> row.getLong(1))).contains(0L);
        }
        assertThat(outcomes).as("issued, or not found; never a store failure").containsOnlyKeys("issued", ErrorCode.NOT_FOUND);
        assertThat(outcomes.get("issued").get()).as("tokens were issued while the delete raced them").isPositive();
    }
}
