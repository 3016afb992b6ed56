package dev.sluice.adapters.store.cache;

import dev.sluice.adapters.store.RedisServer;
import dev.sluice.adapters.store.TcpPassage;
import dev.sluice.application.cache.CacheUnavailableException;
import dev.sluice.application.cache.PurgeResponseCachePort;
import dev.sluice.application.cache.ResponseCachePort;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(RedisServer.class)
class RedisResponseCacheTest extends ResponseCacheContract {

    private static RedisConnections connections;
    private static RedisResponseCache cache;

    @BeforeAll
    static void connect() {
        connections = new RedisConnections(RedisServer.redisUrl().orElseThrow(), Duration.ofSeconds(2),
                Clock.systemUTC());
        cache = new RedisResponseCache(connections, new SimpleMeterRegistry());
    }

    @AfterAll
    static void disconnect() {
        connections.close();
    }

    @Override
    protected ResponseCachePort cache() {
        return cache;
    }

    @Override
    protected PurgeResponseCachePort purger() {
        return cache;
    }

    @Override
    protected void elapse(Duration time) throws InterruptedException {
        Thread.sleep(time.toMillis());
    }

    @Test
    void anOutageIsAMissAndACountedWarningNotAFailure() throws Exception {
        URI server = URI.create(RedisServer.redisUrl().orElseThrow());
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (TcpPassage passage = new TcpPassage(server.getHost(), server.getPort());
             RedisConnections through = new RedisConnections("redis://127.0.0.1:" + passage.port(),
                     Duration.ofMillis(500), Clock.systemUTC())) {
            RedisResponseCache flaky = new RedisResponseCache(through, metrics);
            flaky.store(key(ONE, "outage"), response("before"), Duration.ofMinutes(1)).toCompletableFuture().join();
            assertThat(flaky.lookup(key(ONE, "outage")).toCompletableFuture().join()).isPresent();

            passage.cut();
            long started = System.nanoTime();
            assertThat(flaky.lookup(key(ONE, "outage")).toCompletableFuture().join()).isEmpty();
            flaky.store(key(ONE, "outage"), response("during"), Duration.ofMinutes(1)).toCompletableFuture().join();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            assertThatThrownBy(() -> flaky.purgeGateway(ONE)).isInstanceOf(CacheUnavailableException.class);
            assertThat(metrics.get("sluice.cache.errors").tag("operation", "lookup").counter().count()).isEqualTo(1.0);
            assertThat(metrics.get("sluice.cache.errors").tag("operation", "store").counter().count()).isEqualTo(1.0);

            passage.restore();
            Thread.sleep(1500);
            assertThat(flaky.lookup(key(ONE, "outage")).toCompletableFuture().join()).isPresent();
        }
    }

    @Test
    void aServerThatIsNotThereAtStartIsAMiss() {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (RedisConnections nowhere = new RedisConnections("redis://127.0.0.1:1", Duration.ofMillis(300),
                Clock.systemUTC())) {
            RedisResponseCache missing = new RedisResponseCache(nowhere, metrics);
            assertThat(missing.lookup(key(ONE, "x")).toCompletableFuture().join()).isEmpty();
            assertThat(missing.lookup(key(ONE, "x")).toCompletableFuture().join()).isEmpty();
            assertThat(metrics.get("sluice.cache.errors").tag("operation", "lookup").counter().count()).isEqualTo(2.0);
        }
    }
}
