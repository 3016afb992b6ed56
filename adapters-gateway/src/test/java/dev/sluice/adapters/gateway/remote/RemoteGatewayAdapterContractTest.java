package dev.sluice.adapters.gateway.remote;

import dev.sluice.adapters.gateway.workersai.WorkersAiPrompts;
import dev.sluice.application.generate.GenerationTarget;
import dev.sluice.domain.cache.CacheStatus;
import dev.sluice.domain.generate.GatewayAnswer;
import dev.sluice.domain.generate.GenerationError;
import dev.sluice.domain.generate.GenerationException;
import dev.sluice.domain.generate.GenerationRequest;
import dev.sluice.domain.generate.ModelName;
import dev.sluice.domain.generate.Prompt;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.HttpRequest;
import org.mockserver.model.JsonBody;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/**
 * The remote gateway adapter against MockServer playing Cloudflare's hosted AI Gateway in front of Workers
 * AI: the provider-native URL, the provider key and gateway token, the cache headers, and the answers,
 * {@code cf-aig-*} headers and error envelopes as Cloudflare sends them.
 */
class RemoteGatewayAdapterContractTest {

    private static final String PATH = "/v1/acct123/my-gateway/workers-ai/@cf/meta/llama-3.1-8b-instruct-fast";
    private static final String WORKERS_AI_ANSWER =
            "{\"result\":{\"response\":\"Hello from Llama\"},\"success\":true,\"errors\":[],\"messages\":[]}";

    private static ClientAndServer gateway;
    private static ApplicationContext context;
    private static Remote adapter;

    @BeforeAll
    static void start() {
        gateway = ClientAndServer.startClientAndServer(0);
        context = ApplicationContext.run(Map.of("micronaut.http.client.exception-on-error-status", "false"));
        adapter = adapter(URI.create("http://127.0.0.1:" + gateway.getPort()), Optional.of("cf-api-token"));
    }

    /** The adapter with the target every generation of a test goes to. */
    private record Remote(RemoteGatewayAdapter adapter, GenerationTarget target) {
        CompletionStage<GatewayAnswer> generate(GenerationRequest request) {
            return adapter.generate(target, request);
        }
    }

    private static Remote adapter(URI base, Optional<String> apiToken) {
        return new Remote(new RemoteGatewayAdapter(context.getBean(HttpClient.class), base,
                new WorkersAiPrompts(context.getBean(JsonMapper.class))),
                new GenerationTarget("acct123", "my-gateway", Optional.of("gw-token"), apiToken, Duration.ofHours(1)));
    }

    @AfterAll
    static void stop() {
        context.close();
        gateway.stop();
    }

    @BeforeEach
    void reset() {
        gateway.reset();
    }

    private static GatewayAnswer generate(Remote adapter, boolean skipCache) throws Exception {
        return adapter.generate(new GenerationRequest(new Prompt("Say hello"), ModelName.DEFAULT, skipCache))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void assertAiError(int status, String mentions) {
        assertThatThrownBy(() -> generate(adapter, false)).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(GenerationException.class, e -> {
                    assertThat(e.error()).isEqualTo(GenerationError.AI_ERROR);
                    assertThat(e.upstreamStatus()).hasValue(status);
                    assertThat(e.getMessage()).contains(mentions);
                });
    }

    @Test
    void sendsTheProviderNativeCallAndReadsTheGatewaysMetadata() throws Exception {
        gateway.when(request().withMethod("POST").withPath(PATH)).respond(response().withStatusCode(200)
                .withHeader("content-type", "application/json")
                .withHeader("cf-aig-cache-status", "HIT")
                .withHeader("cf-aig-log-id", "01JC3R94FRD97JBCBX3S0ZAXKW")
                .withBody(WORKERS_AI_ANSWER));
        GatewayAnswer answer = generate(adapter, false);
        assertThat(answer.text()).isEqualTo("Hello from Llama");
        assertThat(answer.cacheStatus()).isEqualTo(CacheStatus.HIT);
        assertThat(answer.logId()).contains("01JC3R94FRD97JBCBX3S0ZAXKW");
        assertThat(answer.provider()).isEqualTo("workers-ai");
        assertThat(answer.gatewayId()).isEqualTo("my-gateway");

        HttpRequest sent = gateway.retrieveRecordedRequests(request().withPath(PATH))[0];
        assertThat(sent.getFirstHeader("authorization")).isEqualTo("Bearer cf-api-token");
        assertThat(sent.getFirstHeader("cf-aig-authorization")).isEqualTo("Bearer gw-token");
        assertThat(sent.getFirstHeader("cf-aig-cache-ttl")).isEqualTo("3600");
        assertThat(sent.getFirstHeader("accept-encoding")).isEqualTo("identity");
        assertThat(sent.containsHeader("cf-aig-skip-cache")).isFalse();
        assertThat(sent.getBody()).isInstanceOf(JsonBody.class);
        assertThat(new String(sent.getBody().getRawBytes())).isEqualTo("{\"prompt\":\"Say hello\"}");
    }

    @Test
    void aSkipCacheCallSaysSoAndAMissingStatusIsAMiss() throws Exception {
        gateway.when(request().withMethod("POST").withPath(PATH)).respond(response().withStatusCode(200)
                .withHeader("content-type", "application/json").withBody(WORKERS_AI_ANSWER));
        GatewayAnswer answer = generate(adapter, true);
        assertThat(answer.cacheStatus()).isEqualTo(CacheStatus.MISS);
        assertThat(answer.logId()).isEmpty();
        HttpRequest sent = gateway.retrieveRecordedRequests(request().withPath(PATH))[0];
        assertThat(sent.getFirstHeader("cf-aig-skip-cache")).isEqualTo("true");
        assertThat(sent.containsHeader("cf-aig-cache-ttl")).isFalse();
    }

    @Test
    void withoutAnApiTokenItAsksForTheMockProvider() throws Exception {
        String mockPath = "/v1/acct123/my-gateway/mock/@cf/meta/llama-3.1-8b-instruct-fast";
        gateway.when(request().withMethod("POST").withPath(mockPath)).respond(response().withStatusCode(200)
                .withHeader("content-type", "application/json").withBody(WORKERS_AI_ANSWER));
        GatewayAnswer answer = generate(adapter(URI.create("http://127.0.0.1:" + gateway.getPort() + "/"),
                Optional.empty()), false);
        assertThat(answer.provider()).isEqualTo("mock");
        assertThat(gateway.retrieveRecordedRequests(request().withPath(mockPath))[0].containsHeader("authorization"))
                .isFalse();
    }

    @Test
    void providerErrorsCarryTheirStatusAndMessage() {
        gateway.when(request().withPath(PATH)).respond(response().withStatusCode(401)
                .withHeader("content-type", "application/json")
                .withBody("{\"errors\":[{\"code\":10000,\"message\":\"Authentication error\"}],\"success\":false,"
                        + "\"result\":null,\"messages\":[]}"));
        assertAiError(401, "Authentication error");
    }

    @Test
    void gatewayErrorsCarryTheirStatusAndMessage() {
        gateway.when(request().withPath(PATH)).respond(response().withStatusCode(400)
                .withHeader("content-type", "application/json")
                .withBody("{\"success\":false,\"result\":[],\"messages\":[],\"error\":[{\"code\":2001,"
                        + "\"message\":\"Please configure AI Gateway in the Cloudflare dashboard\"}]}"));
        assertAiError(400, "Please configure AI Gateway");
    }

    @Test
    void aSuccessWithoutTextAndAnUnreachableGatewayAreAiErrors() throws Exception {
        gateway.when(request().withPath(PATH)).respond(response().withStatusCode(200).withBody("<html>captive portal</html>"));
        assertAiError(200, "without generated text");
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Remote nowhere = adapter(URI.create("http://127.0.0.1:" + closed), Optional.of("t"));
        assertThatThrownBy(() -> generate(nowhere, false)).cause()
                .isInstanceOfSatisfying(GenerationException.class, e -> {
                    assertThat(e.upstreamStatus()).hasValue(502);
                    assertThat(e.getMessage()).contains("could not reach the gateway at 127.0.0.1");
                });
    }
}
