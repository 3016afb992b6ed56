package dev.sluice.adapters.store.limits;

import dev.sluice.adapters.store.RedisServer;
import dev.sluice.adapters.store.cache.RedisConnections;
import dev.sluice.application.limits.LimitCountersPort;
import dev.sluice.domain.limits.Admission;
import dev.sluice.domain.limits.CounterWindow;
import dev.sluice.domain.limits.LimitCounter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(RedisServer.class)
class RedisLimitCountersTest extends LimitCountersContract {

    private static RedisConnections connections;
    private static RedisLimitCounters counters;

    @BeforeAll
    static void connect() {
        connections = new RedisConnections(RedisServer.redisUrl().orElseThrow(), Duration.ofSeconds(2),
                Clock.systemUTC());
        counters = new RedisLimitCounters(connections);
        // Loaded before the tests, so that a burst of checks does not each send the whole script (NOSCRIPT).
        counters.warmUp(Duration.ofSeconds(5)).toCompletableFuture().join();
    }

    @AfterAll
    static void disconnect() {
        var commands = connections.commands().toCompletableFuture().join();
        for (String gateway : CREATED) {
            commands.keys(("sluice:limit:{" + gateway + "}:*").getBytes(StandardCharsets.UTF_8))
                    .toCompletableFuture().join().forEach(key -> commands.del(key).toCompletableFuture().join());
        }
        connections.close();
    }

    /** The gateways these tests made keys for, removed at the end (a week-long window's keys live a week). */
    private static final List<String> CREATED = new CopyOnWriteArrayList<>();

    private static final Instant SOME_TIME = Instant.parse("2026-12-04T12:00:00Z");

    /** A sliding counter of a gateway of its own, whose keys are removed at the end. */
    private static LimitCounter sliding(String name, long limit, Duration window) {
        String gateway = "acct/" + name + "-" + UUID.randomUUID();
        CREATED.add(gateway);
        return new LimitCounter(gateway + "/rule|", limit, new CounterWindow(CounterWindow.Kind.SLIDING, window));
    }

    @Override
    protected LimitCountersPort counters() {
        return counters;
    }

    @Test
    void everyCounterOfAGatewaySharesItsHashTag() {
        assertThat(RedisLimitCounters.base("acct/gw/rule|metadata.user_id=a%2Bb",
                new CounterWindow(CounterWindow.Kind.SLIDING, Duration.ofSeconds(60))))
                .isEqualTo("sluice:limit:{acct/gw}:rule|metadata.user_id=a%2Bb#S60000");
    }

    @Test
    void aRequestsCountersAreCountedAllOrNone() {
        String gateway = "acct/atomic-" + UUID.randomUUID();
        LimitCounter wide = new LimitCounter(gateway + "/wide|", 10, new CounterWindow(CounterWindow.Kind.FIXED,
                Duration.ofMinutes(1)));
        LimitCounter narrow = new LimitCounter(gateway + "/narrow|", 1, new CounterWindow(CounterWindow.Kind.SLIDING,
                Duration.ofMinutes(1)));
        Instant now = Instant.parse("2026-12-03T12:00:00Z");
        var first = counters.admitAll(List.of(wide, narrow), new long[] {1, 1}, now).toCompletableFuture()
                .join();
        assertThat(first).allMatch(admission -> admission.allowed());
        for (int i = 0; i < 3; i++) {
            var refused = counters.admitAll(List.of(wide, narrow), new long[] {1, 1}, now)
                    .toCompletableFuture().join();
            assertThat(refused).noneMatch(admission -> admission.allowed());
            assertThat(refused.get(0).used()).as("the wide counter was not counted").isEqualTo(1);
            assertThat(refused.get(1).used()).isEqualTo(1);
        }
    }

    @Test
    void anUnreachableRedisFailsTheCheckWithinItsTimeout() {
        RedisConnections nowhere = new RedisConnections("redis://127.0.0.1:1", Duration.ofMillis(200),
                Clock.systemUTC());
        try {
            long started = System.nanoTime();
            LimitCounter counter = new LimitCounter("a/b/c|", 1, new CounterWindow(CounterWindow.Kind.FIXED,
                    Duration.ofSeconds(1)));
            assertThatThrownBy(() -> new RedisLimitCounters(nowhere).admit(counter, 1, Instant.now())
                    .toCompletableFuture().join()).isInstanceOf(CompletionException.class);
            assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(2));
        } finally {
            nowhere.close();
        }
    }

    @Test
    void aUrlWhoseSettingsRedisRefusesFailsTheWarmUpWhereAnUnreachableOneOnlyWarns() {
        // A database Redis does not have: every limit was left to on_store_failure (allow) for the process's life.
        String url = RedisServer.redisUrl().orElseThrow().replaceAll("/\\d+$", "") + "/99";
        RedisConnections refused = new RedisConnections(url, Duration.ofMillis(500), Clock.systemUTC());
        RedisConnections nowhere = new RedisConnections("redis://127.0.0.1:1", Duration.ofMillis(200), Clock.systemUTC());
        try (RedisLimitCounters wrongDatabase = new RedisLimitCounters(refused);
             RedisLimitCounters unreachable = new RedisLimitCounters(nowhere)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> wrongDatabase.warmUp(Duration.ofSeconds(5)).toCompletableFuture().join())
                    .hasMessageContaining("refused the settings of its URL").hasMessageContaining("DB index");
            // At the first refusal: tried again until its patience ran out, the last try could time out instead (a
            // busy machine), and the start only warned.
            assertThat(System.nanoTime() - started).isLessThan(TimeUnit.MILLISECONDS.toNanos(2500));
            unreachable.warmUp(Duration.ofMillis(300)).toCompletableFuture().join();
        }
    }

    /** 10,000 requests in 10 milliseconds of a minute-long window: 10 members in Redis, not 10,000. */
    @Test
    void aBusySlidingWindowKeepsASlotPerMillisecondNotAnEntryPerRequest() {
        LimitCounter counter = sliding("busy", 1_000_000, Duration.ofMinutes(1));
        Instant start = SOME_TIME;
        List<CompletableFuture<Admission>> admitted = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            admitted.add(counters.admit(counter, 1, start.plusMillis(i % 10)).toCompletableFuture());
        }
        admitted.forEach(CompletableFuture::join);
        String base = RedisLimitCounters.base(counter.key(), counter.window());
        assertThat(members(base + ":log")).isEqualTo(10);
        assertThat(fields(base + ":amt")).isEqualTo(10);
        assertThat(usedAt(counter, start.plusMillis(10))).isEqualTo(10_000);
        assertThat(usedAt(counter, start.plusSeconds(60).plusMillis(5))).as("six of the ten slots have left")
                .isEqualTo(4_000);
    }

    /** A week-long window counts in steps of a week ÷ 65,535, rounded as the in-process counters round. */
    @Test
    void aLongSlidingWindowCountsInTheSameStepsAsTheInProcessCounters() {
        LimitCounter counter = sliding("week", 1_000_000, Duration.ofDays(7));
        CounterWindow week = counter.window();
        Instant start = SOME_TIME.plusMillis(1);
        for (int i = 0; i < 600; i++) {
            Instant at = start.plusSeconds(i);
            var admission = counters.admit(counter, 1, at).toCompletableFuture().join();
            assertThat(admission.entry()).isEqualTo(EmbeddedLimitCounters.slotTime(week, at.toEpochMilli()));
        }
        long step = -Math.floorDiv(-week.millis(), EmbeddedLimitCounters.MAX_SLOTS);
        assertThat(members(RedisLimitCounters.base(counter.key(), week) + ":log"))
                .as("600 s of requests in steps of %d ms", step).isBetween(600_000 / step, 600_000 / step + 1);
        assertThat(usedAt(counter, start.plusSeconds(600))).isEqualTo(600);
    }

    @Test
    void settlingChangesOnlyItsOwnShareOfASharedSlot() {
        LimitCounter counter = sliding("settle", 100, Duration.ofMinutes(1));
        Instant now = SOME_TIME;
        var first = counters.admit(counter, 5, now).toCompletableFuture().join();
        var second = counters.admit(counter, 5, now).toCompletableFuture().join();
        assertThat(second.entry()).isEqualTo(first.entry());
        counters.settle(first, 2).toCompletableFuture().join();
        assertThat(usedAt(counter, now)).isEqualTo(7);
        counters.settle(second, 0).toCompletableFuture().join();
        assertThat(usedAt(counter, now)).isEqualTo(2);
        assertThat(usedAt(counter, now.plusSeconds(60))).as("the slot has left the window").isZero();
        counters.settle(first, 50).toCompletableFuture().join();
        assertThat(usedAt(counter, now.plusSeconds(60))).as("a slot that has left is settled no more").isZero();
    }

    @Test
    void aSettlementDeliveredTwiceNeverTakesASlotBelowZero() {
        LimitCounter counter = sliding("twice", 100, Duration.ofMinutes(1));
        Instant now = SOME_TIME;
        var admission = counters.admit(counter, 5, now).toCompletableFuture().join();
        counters.settle(admission, 0).toCompletableFuture().join();
        counters.settle(admission, 0).toCompletableFuture().join();
        assertThat(usedAt(counter, now)).isZero();
        var next = counters.admit(counter, 100, now).toCompletableFuture().join();
        assertThat(next.allowed()).isTrue();
        assertThat(counters.admit(counter, 1, now).toCompletableFuture().join().allowed())
                .as("the sum was not driven below zero, so the limit still holds").isFalse();
    }

    private long usedAt(LimitCounter counter, Instant at) {
        return counters.admit(counter, 0, at).toCompletableFuture().join().used();
    }

    private static long members(String key) {
        return connections.commands().toCompletableFuture().join().zcard(key.getBytes(StandardCharsets.UTF_8))
                .toCompletableFuture().join();
    }

    private static long fields(String key) {
        return connections.commands().toCompletableFuture().join().hlen(key.getBytes(StandardCharsets.UTF_8))
                .toCompletableFuture().join();
    }
}
