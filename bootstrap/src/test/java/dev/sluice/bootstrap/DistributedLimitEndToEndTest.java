package dev.sluice.bootstrap;

import dev.sluice.adapters.store.RedisServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three Sluice instances sharing one Redis, as three replicas behind a load balancer: a limit of 100 holds
 * exactly across them — 300 concurrent requests, 100 pass — for the gateway's own limit and for a rule.
 */
@ExtendWith(RedisServer.class)
class DistributedLimitEndToEndTest {

    private static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi %d\"}]}";
    private static final String GATEWAY = "replicas-" + UUID.randomUUID().toString().substring(0, 8);
    private static final List<EmbeddedServer> INSTANCES = new ArrayList<>();

    /** Redis's id of a connection made just before the instances started, and of one made just after. */
    private static long before;
    private static long after;

    @BeforeAll
    static void start() throws Exception {
        before = clientId();
        for (int i = 0; i < 3; i++) {
            INSTANCES.add(ApplicationContext.run(EmbeddedServer.class, Map.ofEntries(
                    Map.entry("sluice.data-dir", Files.createTempDirectory("sluice-limit-replica").toString()),
                    Map.entry("micronaut.server.port", "-1"),
                    Map.entry("sluice.admin-token", SluiceClient.ADMIN),
                    Map.entry("sluice.gateways." + GATEWAY + ".rate-limiting-limit", "100"),
                    Map.entry("sluice.gateways." + GATEWAY + ".rate-limiting-interval", "3600"),
                    Map.entry("sluice.gateways." + GATEWAY + ".rate-limiting-technique", "sliding"),
                    Map.entry("sluice.gateways." + GATEWAY + "-rule.limits[0].id", "per-team"),
                    Map.entry("sluice.gateways." + GATEWAY + "-rule.limits[0].count", "requests"),
                    Map.entry("sluice.gateways." + GATEWAY + "-rule.limits[0].limit", "100"),
                    Map.entry("sluice.gateways." + GATEWAY + "-rule.limits[0].window", "3600"),
                    Map.entry("sluice.gateways." + GATEWAY + "-rule.limits[0].key", "header.x-team"),
                    // Exactness is what is tested here, not latency: a two-core CI box running three instances
                    // and 48 clients may stall past the default 100 ms, and a timed-out check is let through.
                    Map.entry("sluice.limits.redis-timeout", "2s"),
                    Map.entry("sluice.limits.redis-url", RedisServer.redisUrl().orElseThrow()))));
        }
        after = clientId();
    }

    /** A new connection's id: Redis numbers connections in the order they are made. */
    private static long clientId() throws Exception {
        URI redis = URI.create(RedisServer.redisUrl().orElseThrow());
        try (Socket socket = new Socket(redis.getHost(), redis.getPort())) {
            socket.getOutputStream().write("CLIENT ID\r\n".getBytes(StandardCharsets.US_ASCII));
            String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(reply).startsWith(":");
            return Long.parseLong(reply.substring(1));
        }
    }

    /**
     * Each instance opens its limit connections (one per event loop; two loops at least) while it starts, before
     * its first request: a burst right after start would otherwise time out while they connect and be let
     * through under on_store_failure: allow.
     */
    @Test
    void eachReplicaConnectsToRedisBeforeItsFirstRequest() {
        assertThat(after - before - 1).as("connections made while three replicas started").isGreaterThanOrEqualTo(3 * 2);
    }

    @AfterAll
    static void stop() {
        INSTANCES.forEach(server -> server.getApplicationContext().close());
    }

    private static long passed(String gateway, String... headers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(48);
        try {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                SluiceClient client = new SluiceClient(INSTANCES.get(i % 3).getURI());
                int n = i;
                sent.add(pool.submit(() -> client.post("/v1/local/" + gateway + "/mock/v1/chat/completions",
                        CHAT.formatted(n), headers)));
            }
            long ok = 0;
            for (Future<HttpResponse<String>> response : sent) {
                int status = response.get().statusCode();
                assertThat(status).isIn(200, 429);
                ok += status == 200 ? 1 : 0;
            }
            return ok;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theGatewaysLimitHoldsExactlyAcrossThreeReplicas() throws Exception {
        assertThat(passed(GATEWAY)).isEqualTo(100);
    }

    @Test
    void aRuleKeyedByAHeaderHoldsExactlyAcrossThreeReplicas() throws Exception {
        assertThat(passed(GATEWAY + "-rule", "x-team", "blue")).isEqualTo(100);
        HttpResponse<String> red = new SluiceClient(INSTANCES.get(0).getURI()).post("/v1/local/" + GATEWAY
                + "-rule/mock/v1/chat/completions", CHAT.formatted(0), "x-team", "red");
        assertThat(red.statusCode()).as("another team has its own counter").isEqualTo(200);
        HttpResponse<String> usage = new SluiceClient(INSTANCES.get(1).getURI()).admin("GET",
                "/client/v4/accounts/local/ai-gateway/gateways/" + GATEWAY + "-rule/limits", null);
        assertThat(usage.statusCode()).isEqualTo(200);
        assertThat(usage.body()).contains("\"partition\":\"header.x-team=blue\",\"used\":\"100\",\"remaining\":\"0\"")
                .contains("\"partition\":\"header.x-team=red\",\"used\":\"1\"");
    }
}
