package dev.sluice.bootstrap;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.HttpRequest;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/**
 * {@code POST /generate} through the real server: the mock provider without a token, Workers AI (played
 * by MockServer) with one, and a second Sluice using the first as its remote gateway.
 */
class GenerateEndToEndTest {

    private static final String WORKERS_AI_RUN = "/client/v4/accounts/acct/ai/run/@cf/meta/llama-3.1-8b-instruct-fast";

    private static ClientAndServer workersAi;
    private static EmbeddedServer local;
    private static EmbeddedServer withToken;
    private static EmbeddedServer remote;
    private static JsonMapper json;

    @BeforeAll
    static void start() throws Exception {
        workersAi = ClientAndServer.startClientAndServer(0);
        local = sluice(Map.of());
        withToken = sluice(Map.of("sluice.workers-ai.api-token", "cf-token",
                "sluice.workers-ai.account-id", "acct",
                "sluice.providers.workers-ai.base-url",
                "http://127.0.0.1:" + workersAi.getPort() + "/client/v4/accounts/acct/ai/"));
        remote = sluice(Map.of("sluice.generate.remote-url", local.getURI().toString(),
                "sluice.generate.remote-account-id", "local"));
        json = local.getApplicationContext().getBean(JsonMapper.class);
    }

    private static EmbeddedServer sluice(Map<String, Object> extra) throws Exception {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "sluice.data-dir", Files.createTempDirectory("sluice-generate").toString(),
                "micronaut.server.port", "-1",
                "sluice.admin-token", SluiceClient.ADMIN));
        properties.putAll(extra);
        return ApplicationContext.run(EmbeddedServer.class, properties);
    }

    @AfterAll
    static void stop() {
        for (EmbeddedServer server : new EmbeddedServer[] {remote, withToken, local}) {
            if (server != null) {
                server.getApplicationContext().close();
            }
        }
        workersAi.stop();
    }

    private static JsonNode generate(EmbeddedServer server, String body, int expectedStatus) throws Exception {
        HttpResponse<String> response = new SluiceClient(server.getURI()).post("/generate", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        return json.readValue(response.body(), JsonNode.class);
    }

    private static String uniquePrompt() {
        return "Tell me about caching " + UUID.randomUUID();
    }

    @Test
    void withoutATokenTheMockAnswersAndTheResponseSaysSo() throws Exception {
        String prompt = uniquePrompt();
        JsonNode first = generate(local, "{\"prompt\":\"" + prompt + "\"}", 200);
        assertThat(first.get("response").getStringValue()).startsWith("Mock response").contains(prompt);
        JsonNode gateway = first.get("gateway");
        assertThat(gateway.get("id").getStringValue()).isEqualTo("default");
        assertThat(gateway.get("provider").getStringValue()).isEqualTo("mock");
        assertThat(gateway.get("model").getStringValue()).isEqualTo("@cf/meta/llama-3.1-8b-instruct-fast");
        assertThat(gateway.get("cacheStatus").getStringValue()).isEqualTo("MISS");
        assertThat(gateway.get("skipCache").getBooleanValue()).isFalse();
        assertThat(gateway.get("latencyMs").isNumber()).isTrue();
        assertThat(gateway.get("logId").getStringValue()).isNotBlank();
        assertThat(first.get("notice").getStringValue()).contains("mock");
        assertThat(first.get("cacheComparison")).isNull();

        JsonNode second = generate(local, "{\"prompt\":\"" + prompt + "\",\"compareCache\":false}", 200);
        assertThat(second.get("gateway").get("cacheStatus").getStringValue()).isEqualTo("HIT");
    }

    @Test
    void compareCacheMeasuresARealHitAgainstAFreshCall() throws Exception {
        JsonNode report = generate(local, "{\"prompt\":\"" + uniquePrompt() + "\",\"compareCache\":true,"
                + "\"model\":\"@cf/meta/llama-3.2-3b-instruct\"}", 200);
        JsonNode comparison = report.get("cacheComparison");
        assertThat(comparison.get("cached").get("cacheStatus").getStringValue()).isEqualTo("HIT");
        assertThat(comparison.get("cached").get("skipCache").getBooleanValue()).isFalse();
        assertThat(comparison.get("skipCache").get("cacheStatus").getStringValue()).isEqualTo("BYPASS");
        assertThat(comparison.get("skipCache").get("skipCache").getBooleanValue()).isTrue();
        assertThat(comparison.get("latencyDeltaMs").isNumber()).isTrue();
        assertThat(comparison.get("speedup").isNumber()).isTrue();
        assertThat(report.get("gateway").get("cacheStatus").getStringValue()).isEqualTo("HIT");
        assertThat(report.get("gateway").get("model").getStringValue()).isEqualTo("@cf/meta/llama-3.2-3b-instruct");
    }

    @Test
    void badBodiesAreClearErrors() throws Exception {
        Map<String, String> cases = Map.of(
                "not json", "INVALID_BODY",
                "[\"prompt\"]", "INVALID_BODY",
                "{\"prompt\":5}", "INVALID_BODY",
                "{\"prompt\":\"x\",\"compareCache\":\"yes\"}", "INVALID_BODY",
                "{\"prompt\":\"x\",\"model\":\"../../client/v4\"}", "INVALID_BODY",
                "{\"prompt\":\"x\",\"model\":7}", "INVALID_BODY",
                "{\"prompt\":\"x\",\"model\":\"gpt-4o-mini\"}", "INVALID_BODY",
                "{}", "MISSING_PROMPT",
                "{\"prompt\":\"   \"}", "MISSING_PROMPT",
                "{\"prompt\":null}", "MISSING_PROMPT");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            JsonNode error = generate(local, c.getKey(), 400).get("error");
            assertThat(error.get("code").getStringValue()).as(c.getKey()).isEqualTo(c.getValue());
            assertThat(error.get("message").getStringValue()).isNotBlank();
        }
        assertThat(generate(local, "", 400).get("error").get("code").getStringValue()).isEqualTo("INVALID_BODY");
        // Micronaut's mapper read the first value and ignored the rest: a second object was run as the first.
        assertThat(generate(local, "{\"prompt\":\"x\"} {\"prompt\":\"y\"}", 400).get("error").get("code")
                .getStringValue()).isEqualTo("INVALID_BODY");
    }

    @Test
    void aFieldTheBodyDoesNotTakeIsRefusedByName() throws Exception {
        JsonNode misspelt = generate(local, "{\"prompt\":\"x\",\"compareCahce\":true}", 400).get("error");
        assertThat(misspelt.get("code").getStringValue()).isEqualTo("INVALID_BODY");
        assertThat(misspelt.get("message").getStringValue()).contains("'compareCahce'").contains("compareCache");

        JsonNode every = generate(local, "{\"prompt\":\"" + uniquePrompt() + "\",\"compareCache\":false,"
                + "\"model\":\"@cf/meta/llama-3.2-3b-instruct\",\"fallback\":[\"@cf/meta/llama-3.1-8b-instruct\"]}", 200);
        assertThat(every.get("gateway").get("fallbackStep").getIntValue()).isZero();
    }

    @Test
    void aGatewayInTheBodyIsRefusedWithHowToChooseOne() throws Exception {
        JsonNode gateway = generate(local, "{\"prompt\":\"x\",\"gateway\":\"prod\"}", 400).get("error");
        assertThat(gateway.get("code").getStringValue()).isEqualTo("INVALID_BODY");
        assertThat(gateway.get("message").getStringValue()).contains("sluice.generate.gateway")
                .contains("SLUICE_GENERATE_GATEWAY");
    }

    @Test
    void theFrameworksAndTheConnectionsOwnErrorsComeInGeneratesShape() throws Exception {
        SluiceClient client = new SluiceClient(local.getURI());
        HttpResponse<String> get = client.send(client.request("/generate").GET());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(generateError(get.body()).get("code").getStringValue()).isEqualTo("METHOD_NOT_ALLOWED");

        HttpResponse<String> large = client.post("/generate", "{\"prompt\":\"" + "p".repeat(1_100_000) + "\"}");
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(generateError(large.body()).get("code").getStringValue()).isEqualTo("BODY_TOO_LARGE");

        try (RawConnection connection = new RawConnection(local.getURI())) {
            String answer = connection.send("POST /generate HTTP/1.1\r\nhost: localhost\r\ncontent-type: "
                    + "application/json\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n").readUntilClosed();
            assertThat(answer).startsWith("HTTP/1.1 400");
            JsonNode error = generateError(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertThat(error.get("code").getStringValue()).isEqualTo("INVALID_BODY");
            assertThat(error.get("message").getStringValue()).contains("chunked");
        }
    }

    /** The {@code error} of /generate's shape, and nothing of the data plane's envelope. */
    private static JsonNode generateError(String body) throws Exception {
        assertThat(body).doesNotContain("AiGatewayError").doesNotContain("\"success\"");
        JsonNode error = json.readValue(body, JsonNode.class).get("error");
        assertThat(error.isObject()).as(body).isTrue();
        assertThat(error.get("message").getStringValue()).isNotBlank();
        return error;
    }

    @Test
    void withATokenWorkersAiAnswersThroughTheGateway() throws Exception {
        workersAi.reset();
        workersAi.when(request().withMethod("POST").withPath(WORKERS_AI_RUN)).respond(response().withStatusCode(200)
                .withHeader("content-type", "application/json")
                .withBody("{\"result\":{\"response\":\"Caching saves time.\"},\"success\":true,\"errors\":[],"
                        + "\"messages\":[]}"));
        JsonNode report = generate(withToken, "{\"prompt\":\"" + uniquePrompt() + "\",\"compareCache\":true}", 200);
        assertThat(report.get("response").getStringValue()).isEqualTo("Caching saves time.");
        assertThat(report.get("gateway").get("provider").getStringValue()).isEqualTo("workers-ai");
        assertThat(report.get("notice")).isNull();
        HttpRequest[] sent = workersAi.retrieveRecordedRequests(request().withPath(WORKERS_AI_RUN));
        assertThat(sent).as("prime, then the fresh call; the measured hit never reached Workers AI").hasSize(2);
        assertThat(sent[0].getFirstHeader("authorization")).isEqualTo("Bearer cf-token");
        assertThat(sent[0].containsHeader("cf-aig-cache-ttl")).isFalse();
    }

    @Test
    void aProviderFailureIsAnAiErrorWithItsStatusAndMessage() throws Exception {
        workersAi.reset();
        workersAi.when(request().withPath(WORKERS_AI_RUN)).respond(response().withStatusCode(401)
                .withHeader("content-type", "application/json")
                .withBody("{\"errors\":[{\"code\":10000,\"message\":\"Authentication error\"}],\"success\":false}"));
        JsonNode error = generate(withToken, "{\"prompt\":\"" + uniquePrompt() + "\"}", 502).get("error");
        assertThat(error.get("code").getStringValue()).isEqualTo("AI_ERROR");
        assertThat(error.get("status").getIntValue()).isEqualTo(401);
        assertThat(error.get("message").getStringValue()).contains("Authentication error").doesNotContain("cf-token");
    }

    @Test
    void aRemoteGatewayReportsItsOwnCacheStatus() throws Exception {
        JsonNode report = generate(remote, "{\"prompt\":\"" + uniquePrompt() + "\",\"compareCache\":true}", 200);
        assertThat(report.get("gateway").get("provider").getStringValue()).isEqualTo("mock");
        assertThat(report.get("cacheComparison").get("cached").get("cacheStatus").getStringValue()).isEqualTo("HIT");
        assertThat(report.get("cacheComparison").get("skipCache").get("cacheStatus").getStringValue())
                .isEqualTo("BYPASS");
        assertThat(report.get("gateway").get("logId").getStringValue()).isNotBlank();
    }
}
