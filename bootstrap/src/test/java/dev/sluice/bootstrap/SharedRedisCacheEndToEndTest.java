package dev.sluice.bootstrap;

import dev.sluice.adapters.store.RedisServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockserver.integration.ClientAndServer;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/** Two Sluice instances on one Redis, as two replicas behind a load balancer: what one caches, both serve. */
@ExtendWith(RedisServer.class)
class SharedRedisCacheEndToEndTest {

    private static ClientAndServer upstream;
    private static EmbeddedServer first;
    private static EmbeddedServer second;
    private static final String GATEWAY = "shared-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() throws Exception {
        upstream = ClientAndServer.startClientAndServer(0);
        upstream.when(request().withMethod("POST").withPath("/v1/chat/completions"))
                .respond(response().withStatusCode(200).withHeader("content-type", "application/json")
                        .withBody("{\"id\":\"chatcmpl-shared\",\"choices\":[]}"));
        first = instance();
        second = instance();
    }

    private static EmbeddedServer instance() throws Exception {
        return ApplicationContext.run(EmbeddedServer.class, Map.of(
                "sluice.data-dir", Files.createTempDirectory("sluice-replica").toString(),
                "micronaut.server.port", "-1",
                "sluice.admin-token", SluiceClient.ADMIN,
                "sluice.gateways." + GATEWAY + ".cache-ttl", "600",
                "sluice.cache.redis-url", RedisServer.redisUrl().orElseThrow(),
                "sluice.providers.openai.base-url", "http://127.0.0.1:" + upstream.getPort() + "/v1"));
    }

    @AfterAll
    static void stop() {
        for (EmbeddedServer server : new EmbeddedServer[] {first, second}) {
            if (server != null) {
                server.getApplicationContext().close();
            }
        }
        upstream.stop();
    }

    @Test
    void theSecondReplicaServesWhatTheFirstCached() throws Exception {
        String path = "/v1/local/" + GATEWAY + "/openai/v1/chat/completions";
        String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + UUID.randomUUID() + "\"}]}";
        HttpResponse<String> miss = new SluiceClient(first.getURI()).post(path, body);
        assertThat(miss.headers().firstValue("cf-aig-cache-status")).contains("MISS");
        HttpResponse<String> hit = new SluiceClient(second.getURI()).post(path, body);
        assertThat(hit.headers().firstValue("cf-aig-cache-status")).contains("HIT");
        assertThat(hit.body()).isEqualTo(miss.body());
        assertThat(upstream.retrieveRecordedRequests(request().withPath("/v1/chat/completions"))).hasSize(1);

        HttpResponse<String> purged = new SluiceClient(second.getURI()).admin("DELETE",
                "/client/v4/accounts/local/ai-gateway/gateways/" + GATEWAY + "/cache", null);
        assertThat(purged.statusCode()).isEqualTo(200);
        assertThat(new SluiceClient(first.getURI()).post(path, body).headers().firstValue("cf-aig-cache-status"))
                .as("a purge on one replica empties the shared cache").contains("MISS");
    }

    @Test
    void aReplicaWhoseRedisIsDownStillServes() throws Exception {
        try (ApplicationContext context = ApplicationContext.run(Map.of(
                "sluice.data-dir", Files.createTempDirectory("sluice-noredis").toString(),
                "micronaut.server.port", "-1",
                "sluice.gateways." + GATEWAY + ".cache-ttl", "600",
                "sluice.cache.redis-url", "redis://127.0.0.1:1",
                "sluice.cache.redis-timeout", "200ms",
                "sluice.providers.openai.base-url", "http://127.0.0.1:" + upstream.getPort() + "/v1"))) {
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            SluiceClient client = new SluiceClient(server.getURI());
            String path = "/v1/local/" + GATEWAY + "/openai/v1/chat/completions";
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> response = client.post(path, "{\"model\":\"m\"}");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("cf-aig-cache-status")).contains("MISS");
            }
            HttpResponse<String> metrics = client.send(client.request("/prometheus"));
            assertThat(metrics.body()).contains("sluice_cache_errors_total{operation=\"lookup\",store=\"redis\"} 2.0");
        }
    }
}
