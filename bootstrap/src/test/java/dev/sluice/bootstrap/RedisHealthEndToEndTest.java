package dev.sluice.bootstrap;

import dev.sluice.adapters.store.RedisServer;
import dev.sluice.adapters.store.TcpPassage;
import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /health} with the cache and the limit counters in Redis, reached through a passage that can be cut as an
 * outage: each Redis is a component of its own, and an outage shows as DEGRADED with the HTTP status still 200.
 */
@ExtendWith(RedisServer.class)
class RedisHealthEndToEndTest {

    @TempDir
    static Path dataDirs;
    private static TcpPassage passage;
    private static EmbeddedServer server;

    @BeforeAll
    static void start() throws Exception {
        URI redis = URI.create(RedisServer.redisUrl().orElseThrow());
        passage = new TcpPassage(redis.getHost(), redis.getPort());
        server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "sluice.data-dir", dataDirs.resolve("shared").toString(),
                "micronaut.server.port", "-1",
                "sluice.admin-token", SluiceClient.ADMIN,
                "sluice.cache.redis-url", "redis://127.0.0.1:" + passage.port(),
                "sluice.cache.redis-timeout", "300ms",
                "sluice.limits.redis-timeout", "300ms"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.getApplicationContext().close();
        }
        passage.close();
    }

    @Test
    void aRedisOutageIsDegradedInTheAnswerAndStillTwoHundred() throws Exception {
        assertThat(health(server)).satisfies(answer -> {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(status(answer)).isEqualTo("UP");
            assertThat(component(answer, "redis-cache")).isEqualTo("UP");
            assertThat(component(answer, "redis-limits")).isEqualTo("UP");
        });

        passage.cut();
        try {
            HttpResponse<String> during = health(server);
            assertThat(during.statusCode()).as("the gateway serves without Redis: nothing to restart").isEqualTo(200);
            assertThat(status(during)).isEqualTo("DEGRADED");
            assertThat(component(during, "redis-cache")).isEqualTo("DEGRADED");
            assertThat(component(during, "redis-limits")).isEqualTo("DEGRADED");
            assertThat(component(during, "store")).isEqualTo("UP");
            assertThat(during.body()).as("the details name no host and no error").doesNotContain(String.valueOf(passage.port()))
                    .doesNotContain("127.0.0.1").doesNotContain("refused");
        } finally {
            passage.restore();
        }

        for (int attempt = 0; attempt < 50 && !"UP".equals(status(health(server))); attempt++) {
            Thread.sleep(100); // a failed connection attempt is tried again after a second
        }
        assertThat(status(health(server))).isEqualTo("UP");
    }

    @Test
    void noRedisComponentWithoutRedis() throws Exception {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "sluice.data-dir", dataDirs.resolve("no-redis").toString(),
                "micronaut.server.port", "-1",
                "sluice.admin-token", SluiceClient.ADMIN))) {
            HttpResponse<String> answer = health(context.getBean(EmbeddedServer.class).start());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(details(answer)).containsKey("store").doesNotContainKeys("redis-cache", "redis-limits");
        }
    }

    @Test
    void limitsInTheirOwnRedisAreTheOnlyRedisComponentAndAnOperatorMayMapDegradedTo503() throws Exception {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "sluice.data-dir", dataDirs.resolve("limits").toString(),
                "micronaut.server.port", "-1",
                "sluice.admin-token", SluiceClient.ADMIN,
                "sluice.limits.redis-url", "redis://127.0.0.1:1",
                "sluice.limits.redis-timeout", "200ms",
                "endpoints.health.status.http-mapping.degraded", "SERVICE_UNAVAILABLE"))) {
            HttpResponse<String> answer = health(context.getBean(EmbeddedServer.class).start());
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(status(answer)).isEqualTo("DEGRADED");
            assertThat(component(answer, "redis-limits")).isEqualTo("DEGRADED");
            assertThat(details(answer)).doesNotContainKey("redis-cache");
        }
    }

    /** {@code /health} as the admin sees it: with each component (anyone else sees the status alone). */
    private static HttpResponse<String> health(EmbeddedServer on) throws Exception {
        return new SluiceClient(on.getURI()).admin("GET", "/health", null);
    }

    private static String status(HttpResponse<String> answer) throws Exception {
        return String.valueOf(json(answer).get("status"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(HttpResponse<String> answer) throws Exception {
        return (Map<String, Object>) json(answer).get("details");
    }

    @SuppressWarnings("unchecked")
    private static String component(HttpResponse<String> answer, String name) throws Exception {
        Map<String, Object> component = (Map<String, Object>) details(answer).get(name);
        assertThat(component).as(name + " in " + answer.body()).isNotNull();
        return String.valueOf(component.get("status"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> answer) throws Exception {
        return ObjectMapper.getDefault().readValue(answer.body(), Map.class);
    }
}
