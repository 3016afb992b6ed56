package dev.sluice.adapters.store.limits;

import dev.sluice.adapters.store.RedisServer;
import dev.sluice.adapters.store.cache.RedisConnections;
import dev.sluice.application.limits.LimitCountersPort;
import dev.sluice.domain.limits.CounterWindow;
import dev.sluice.domain.limits.LimitCounter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
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
    }

    @AfterAll
    static void disconnect() {
        connections.close();
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
        String gateway = "acct/atomic-" + java.util.UUID.randomUUID();
        LimitCounter wide = new LimitCounter(gateway + "/wide|", 10, new CounterWindow(CounterWindow.Kind.FIXED,
                Duration.ofMinutes(1)));
        LimitCounter narrow = new LimitCounter(gateway + "/narrow|", 1, new CounterWindow(CounterWindow.Kind.SLIDING,
                Duration.ofMinutes(1)));
        Instant now = Instant.parse("2026-12-03T12:00:00Z");
        var first = counters.admitAll(java.util.List.of(wide, narrow), new long[] {1, 1}, now).toCompletableFuture()
                .join();
        assertThat(first).allMatch(admission -> admission.allowed());
        for (int i = 0; i < 3; i++) {
            var refused = counters.admitAll(java.util.List.of(wide, narrow), new long[] {1, 1}, now)
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
}
