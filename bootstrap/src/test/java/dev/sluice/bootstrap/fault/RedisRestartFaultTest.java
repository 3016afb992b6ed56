package dev.sluice.bootstrap.fault;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared cache's Redis stopped and started again (same port, nothing persisted) while a few clients
 * keep sending: a cache outage must never fail a request, only cost it its cache hit; once Redis is back,
 * answers are cached and served from it again.
 */
class RedisRestartFaultTest {

    private static final String GATEWAY = "cached";
    private static final int PROMPTS = 12;

    @Test
    void requestsKeepBeingServedThroughARedisRestartAndTheCacheWorksAgainAfter() throws Exception {
        try (PrivateRedis redis = new PrivateRedis()) {
            redis.start();
            try (ApplicationContext context = ApplicationContext.run(Map.of(
                    "micronaut.server.port", -1,
                    "sluice.data-dir", Files.createTempDirectory("sluice-fault-redis").toString(),
                    "sluice.admin-token", FaultClient.ADMIN,
                    "sluice.gateways." + GATEWAY + ".cache-ttl", "600",
                    "sluice.cache.redis-url", redis.url(),
                    "sluice.cache.redis-timeout", "200ms"))) {
                URI base = context.getBean(EmbeddedServer.class).start().getURI();
                String path = String.format(FaultClient.CHAT, GATEWAY);
                long[] marks = new long[3];
                Load load = new Load(base, 4, Duration.ofMillis(20),
                        n -> Load.post(base, path, FaultClient.prompt("p" + (n % PROMPTS))));
                try {
                    Thread.sleep(1500);
                    marks[0] = System.nanoTime();
                    redis.stop();
                    Thread.sleep(2000);
                    marks[1] = System.nanoTime();
                    redis.start();
                    Thread.sleep(5000);
                    marks[2] = System.nanoTime();
                } finally {
                    load.close();
                }

                List<Load.Outcome> outcomes = load.outcomes();
                long down = outcomes.stream().filter(o -> o.finishedNanos() > marks[0] && o.finishedNanos() <= marks[1])
                        .count();
                long hitsAfter = outcomes.stream().filter(o -> o.finishedNanos() > marks[1] && "HIT".equals(o.cacheStatus()))
                        .count();
                long firstHitAfter = outcomes.stream().filter(o -> o.finishedNanos() > marks[1] && "HIT".equals(o.cacheStatus()))
                        .mapToLong(o -> (o.finishedNanos() - marks[1]) / 1_000_000).min().orElse(-1);
                double errors = new FaultClient(base).metric("sluice_cache_errors_total{operation=\"lookup\",store=\"redis\"}");
                System.out.printf("FAULT redis-restart: %d requests %s; %d answered while Redis was down;"
                                + " %d hits after the restart, the first %d ms after it; %.0f failed cache lookups%n",
                        outcomes.size(), load.summary(), down, hitsAfter, firstHitAfter, errors);

                assertThat(load.summary()).as("every request answered 200 through the outage").containsOnlyKeys("200");
                assertThat(down).as("requests answered while Redis was down").isPositive();
                assertThat(hitsAfter).as("answers served from Redis again after its restart").isPositive();
                assertThat(firstHitAfter).as("ms from the restart to the first hit").isBetween(0L, 4000L);
            }
        }
    }
}
