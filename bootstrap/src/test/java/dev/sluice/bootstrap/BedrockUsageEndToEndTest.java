package dev.sluice.bootstrap;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mockserver.integration.ClientAndServer;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/** Bedrock's usage as the log records it, MockServer playing Bedrock's runtime API. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BedrockUsageEndToEndTest implements TestPropertyProvider {

    private static final String LOGS = "/client/v4/accounts/local/ai-gateway/gateways/logged/logs";

    private ClientAndServer upstream;

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        try {
            upstream = ClientAndServer.startClientAndServer(0);
            return Map.of(
                    "sluice.data-dir", Files.createTempDirectory("sluice-bedrock-usage").toString(),
                    "micronaut.server.port", "-1",
                    "sluice.admin-token", SluiceClient.ADMIN,
                    "sluice.gateways.logged.cache-ttl", "0",
                    "sluice.logs.flush-interval", "20ms",
                    "sluice.providers.aws-bedrock.base-url", "http://127.0.0.1:" + upstream.getPort() + "/bedrock/");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stop() {
        upstream.stop();
    }

    private SluiceClient client() {
        return new SluiceClient(server.getURI());
    }

    /**
     * A Bedrock InvokeModel answer of a model whose body reports no tokens (Mistral's {@code {"outputs":[…]}}) is counted
     * from the token-count headers Bedrock sends with it, not estimated.
     */
    @Test
    void aBedrockInvokeModelAnswerIsCountedFromItsTokenCountHeaders() throws Exception {
        upstream.when(request().withMethod("POST").withPath("/bedrock/model/mistral.mistral-large-2402-v1%3A0/invoke"))
                .respond(response().withStatusCode(200).withHeader("content-type", "application/json")
                        .withHeader("x-amzn-bedrock-input-token-count", "1017")
                        .withHeader("x-amzn-bedrock-output-token-count", "45")
                        .withHeader("x-amzn-bedrock-invocation-latency", "320")
                        .withBody("{\"outputs\":[{\"text\":\"Paris.\",\"stop_reason\":\"stop\"}]}"));
        HttpResponse<String> answer = client().post("/v1/local/logged/aws-bedrock/bedrock-runtime/us-east-1/model/"
                + "mistral.mistral-large-2402-v1%3A0/invoke", "{\"prompt\":\"<s>[INST] Capital of France? [/INST]\","
                + "\"max_tokens\":64}", "authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/"
                + "bedrock/aws4_request, SignedHeaders=host, Signature=abc");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode entry = awaitLog();
        assertThat(entry.get("provider").getStringValue()).isEqualTo("aws-bedrock");
        assertThat(entry.get("model").getStringValue()).isEqualTo("mistral.mistral-large-2402-v1:0");
        assertThat(entry.get("tokens_in").getLongValue()).isEqualTo(1017);
        assertThat(entry.get("tokens_out").getLongValue()).isEqualTo(45);
    }

    private JsonNode awaitLog() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode list = json.readValue(client().admin("GET", LOGS, null).body(), JsonNode.class);
            if (list.get("result_info").get("total_count").getLongValue() >= 1) {
                return list.get("result").get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no log entry was written");
    }
}
