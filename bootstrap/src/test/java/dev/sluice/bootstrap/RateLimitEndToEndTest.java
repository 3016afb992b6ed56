package dev.sluice.bootstrap;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's own rate limit through the real server, on the in-process mock provider: over the limit
 * is a 429, code 2003, with Retry-After and x-ratelimit-* headers, on every data-plane surface; cache hits
 * do not count.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitEndToEndTest implements TestPropertyProvider {

    private static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}";

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        try {
            return Map.of(
                    "sluice.data-dir", Files.createTempDirectory("sluice-rate-e2e").toString(),
                    "micronaut.server.port", "-1",
                    "sluice.admin-token", SluiceClient.ADMIN,
                    "sluice.gateways.limited.rate-limiting-limit", "3",
                    "sluice.gateways.limited.rate-limiting-interval", "60",
                    "sluice.gateways.limited.rate-limiting-technique", "sliding",
                    "sluice.gateways.cachedlimit.rate-limiting-limit", "1",
                    "sluice.gateways.cachedlimit.rate-limiting-interval", "60",
                    // Sliding: with a fixed window the last request may land in the next minute, and pass.
                    "sluice.gateways.cachedlimit.rate-limiting-technique", "sliding",
                    "sluice.gateways.cachedlimit.cache-ttl", "3600");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private SluiceClient client() {
        return new SluiceClient(server.getURI());
    }

    @Test
    void overTheLimitEverySurfaceGets429WithItsHeaders() throws Exception {
        String native1 = "/v1/local/limited/mock/v1/chat/completions";
        assertThat(client().post(native1, CHAT.formatted("a")).statusCode()).isEqualTo(200);
        assertThat(client().post("/v1/local/limited/compat/chat/completions",
                "{\"model\":\"mock/m\",\"messages\":[{\"role\":\"user\",\"content\":\"b\"}]}").statusCode()).isEqualTo(200);
        assertThat(client().post("/v1/local/limited", "[{\"provider\":\"mock\",\"endpoint\":\"v1/chat/completions\","
                + "\"query\":" + CHAT.formatted("c") + "}]").statusCode()).isEqualTo(200);

        HttpResponse<String> refused = client().post(native1, CHAT.formatted("d"));
        assertThat(refused.statusCode()).isEqualTo(429);
        JsonNode error = json.readValue(refused.body(), JsonNode.class).get("error").get(0);
        assertThat(error.get("code").getIntValue()).isEqualTo(2003);
        assertThat(error.get("message").getStringValue()).contains("3 requests per 60 s");
        assertThat(Long.parseLong(refused.headers().firstValue("retry-after").orElseThrow())).isBetween(1L, 60L);
        assertThat(refused.headers().firstValue("x-ratelimit-limit")).contains("3");
        assertThat(refused.headers().firstValue("x-ratelimit-remaining")).contains("0");
        assertThat(refused.headers().firstValue("x-ratelimit-reset")).isPresent();

        assertThat(client().post("/v1/local/limited/compat/chat/completions",
                "{\"model\":\"mock/m\",\"messages\":[{\"role\":\"user\",\"content\":\"e\"}]}").statusCode()).isEqualTo(429);
        assertThat(client().post("/v1/local/limited", "[{\"provider\":\"mock\",\"endpoint\":\"v1/chat/completions\","
                + "\"query\":" + CHAT.formatted("f") + "}]").statusCode()).isEqualTo(429);
        assertThat(client().post("/v1/local/default/mock/v1/chat/completions", CHAT.formatted("g")).statusCode())
                .as("other gateways are not limited").isEqualTo(200);

        String logs = "/client/v4/accounts/local/ai-gateway/gateways/limited/logs?per_page=50";
        long deadline = System.nanoTime() + 10_000_000_000L;
        long refusedEntries = 0;
        while (refusedEntries < 3 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            JsonNode list = json.readValue(client().admin("GET", logs, null).body(), JsonNode.class);
            refusedEntries = 0;
            for (JsonNode entry : list.get("result").values()) {
                if (entry.get("status_code").getIntValue() == 429 && !entry.get("success").getBooleanValue()) {
                    refusedEntries++;
                }
            }
        }
        assertThat(refusedEntries).as("each refusal is on record with its status").isEqualTo(3);
    }

    @Test
    void cacheHitsDoNotCount() throws Exception {
        String path = "/v1/local/cachedlimit/mock/v1/chat/completions";
        String body = CHAT.formatted("same");
        assertThat(client().post(path, body).statusCode()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> hit = client().post(path, body);
            assertThat(hit.statusCode()).isEqualTo(200);
            assertThat(hit.headers().firstValue("cf-aig-cache-status")).contains("HIT");
        }
        assertThat(client().post(path, CHAT.formatted("other")).statusCode()).isEqualTo(429);
    }
}
