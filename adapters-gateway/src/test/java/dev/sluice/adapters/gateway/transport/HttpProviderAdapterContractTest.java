package dev.sluice.adapters.gateway.transport;

import dev.sluice.adapters.gateway.UpstreamBodies;
import dev.sluice.adapters.gateway.anthropic.AnthropicProvider;
import dev.sluice.adapters.gateway.azure.AzureOpenAiProvider;
import dev.sluice.adapters.gateway.openai.OpenAiProvider;
import dev.sluice.adapters.gateway.workersai.WorkersAiProvider;
import dev.sluice.application.pipeline.ProviderUnavailableException;
import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.provider.PathMapping;
import dev.sluice.domain.provider.ProviderCatalog;
import dev.sluice.domain.provider.ProviderProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.BinaryBody;
import org.mockserver.model.Delay;
import org.mockserver.model.JsonBody;

import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/**
 * The HTTP adapter against MockServer playing each provider with its real wire format: the request
 * arrives as the provider expects it (path, auth headers, body), and every answer — errors and streams
 * included — comes back unchanged.
 */
class HttpProviderAdapterContractTest {

    private static ClientAndServer upstream;
    private static ProviderClient client;
    private static HttpProviderAdapter adapter;
    private static ProviderCatalog catalog;

    @BeforeAll
    static void start() {
        upstream = ClientAndServer.startClientAndServer(0);
        String base = "http://127.0.0.1:" + upstream.getPort();
        client = new ProviderClient(Duration.ofSeconds(30));
        adapter = client.adapter;
        catalog = ProviderCatalog.of(List.of(new OpenAiProvider(), new AnthropicProvider(),
                new WorkersAiProvider(Optional.of("acct-1")), new AzureOpenAiProvider(),
                ProviderProfile.of("groq", "https://api.groq.com/openai/v1/", PathMapping.OPTIONAL_V1)), Map.of(
                "openai", base + "/openai/v1",
                "anthropic", base + "/anthropic",
                "workers-ai", base + "/cf/client/v4/accounts/{account_id}/ai",
                "groq", base + "/groq/openai/v1",
                "azure-openai", base + "/azure/{resource}/openai/deployments/{deployment}",
                "custom-ollama", base + "/ollama/v1"));
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        upstream.stop();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    private static UpstreamResponse call(String provider, String method, String path, String query, byte[] body,
                                         Header... headers) throws Exception {
        UpstreamRequest request = UpstreamRequest.to(catalog.find(provider).orElseThrow(), method, path, query,
                new Headers(List.of(headers)), body);
        return adapter.callProvider(request, Optional.empty()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void openAiChatCompletionWithBearerKey() throws Exception {
        String completion = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}";
        String request = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
        upstream.when(request().withMethod("POST").withPath("/openai/v1/chat/completions")
                        .withHeader("Authorization", "Bearer sk-test").withBody(JsonBody.json(request)))
                .respond(response().withStatusCode(200).withHeader("content-type", "application/json")
                        .withHeader("openai-processing-ms", "42").withBody(completion));

        UpstreamResponse response = call("openai", "POST", "chat/completions", "", request.getBytes(),
                new Header("Authorization", "Bearer sk-test"), new Header("Content-Type", "application/json"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().first("openai-processing-ms")).contains("42");
        assertThat(response.body()).as("a short answer the client read whole is handed over as its array")
                .isInstanceOf(dev.sluice.domain.exchange.Bodies.Whole.class);
        assertThat(UpstreamBodies.text(response)).isEqualTo(completion);
    }

    @Test
    void anthropicMessagesWithApiKeyAndVersion() throws Exception {
        String message = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"Hi\"}],\"model\":\"claude-sonnet-4-5\",\"stop_reason\":\"end_turn\","
                + "\"usage\":{\"input_tokens\":10,\"output_tokens\":2}}";
        upstream.when(request().withMethod("POST").withPath("/anthropic/v1/messages")
                        .withHeader("x-api-key", "sk-ant").withHeader("anthropic-version", "2023-06-01"))
                .respond(response().withStatusCode(200).withHeader("content-type", "application/json").withBody(message));

        UpstreamResponse response = call("anthropic", "POST", "v1/messages", "",
                "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
                        .getBytes(), new Header("x-api-key", "sk-ant"), new Header("anthropic-version", "2023-06-01"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(UpstreamBodies.text(response)).isEqualTo(message);
    }

    @Test
    void workersAiRunsAModelUnderTheConfiguredAccount() throws Exception {
        String result = "{\"result\":{\"response\":\"Hello\"},\"success\":true,\"errors\":[],\"messages\":[]}";
        upstream.when(request().withMethod("POST")
                        .withPath("/cf/client/v4/accounts/acct-1/ai/run/@cf/meta/llama-3.1-8b-instruct")
                        .withHeader("Authorization", "Bearer cf-token"))
                .respond(response().withStatusCode(200).withHeader("content-type", "application/json").withBody(result));

        UpstreamResponse response = call("workers-ai", "POST", "@cf/meta/llama-3.1-8b-instruct", "",
                "{\"prompt\":\"Hi\"}".getBytes(), new Header("Authorization", "Bearer cf-token"));

        assertThat(UpstreamBodies.text(response)).isEqualTo(result);
    }

    @Test
    void openAiCompatibleProviderStreamsServerSentEventsUnchanged() throws Exception {
        String events = "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n"
                + "data: {\"choices\":[{\"delta\":{\"content\":\"lo\"}}]}\n\ndata: [DONE]\n\n";
        upstream.when(request().withMethod("POST").withPath("/groq/openai/v1/chat/completions"))
                .respond(response().withStatusCode(200).withHeader("content-type", "text/event-stream").withBody(events));

        UpstreamResponse response = call("groq", "POST", "v1/chat/completions", "",
                "{\"model\":\"llama-3.1-8b-instant\",\"stream\":true,\"messages\":[]}".getBytes(),
                new Header("Authorization", "Bearer gsk"));

        assertThat(response.headers().first("content-type")).contains("text/event-stream");
        assertThat(UpstreamBodies.text(response)).isEqualTo(events);
    }

    @Test
    void customProviderGetsPathAndQueryAppended() throws Exception {
        upstream.when(request().withMethod("GET").withPath("/ollama/v1/models").withQueryStringParameter("limit", "2"))
                .respond(response().withStatusCode(200).withBody("{\"data\":[]}"));

        UpstreamResponse response = call("custom-ollama", "GET", "models", "limit=2", new byte[0]);

        assertThat(response.status()).isEqualTo(200);
        assertThat(UpstreamBodies.text(response)).isEqualTo("{\"data\":[]}");
    }

    @Test
    void azureDeploymentPathsAndApiKeyPassThrough() throws Exception {
        upstream.when(request().withPath("/azure/myres/openai/deployments/gpt4o/chat/completions")
                        .withQueryStringParameter("api-version", "2024-06-01").withHeader("api-key", "az"))
                .respond(response().withStatusCode(200).withBody("{}"));

        UpstreamResponse response = call("azure-openai", "POST", "myres/gpt4o/chat/completions",
                "api-version=2024-06-01", "{}".getBytes(), new Header("api-key", "az"));

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void aCompressedAnswerComesBackStillCompressed() throws Exception {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write("{\"id\":\"chatcmpl-gz\"}".getBytes(StandardCharsets.UTF_8));
        }
        upstream.when(request().withPath("/openai/v1/chat/completions").withHeader("accept-encoding", "gzip"))
                .respond(response().withStatusCode(200).withHeader("content-encoding", "gzip")
                        .withBody(BinaryBody.binary(gzipped.toByteArray())));

        UpstreamResponse response = call("openai", "POST", "chat/completions", "", "{}".getBytes(),
                new Header("accept-encoding", "gzip"));

        assertThat(response.headers().first("content-encoding")).contains("gzip");
        assertThat(UpstreamBodies.bytes(response)).isEqualTo(gzipped.toByteArray());
    }

    @Test
    void aRequestNamingNoCodingAsksTheProviderForNone() throws Exception {
        upstream.when(request().withPath("/openai/v1/chat/completions").withHeader("accept-encoding", "identity"))
                .respond(response().withStatusCode(200).withBody("{\"id\":\"chatcmpl-plain\"}"));

        UpstreamResponse response = call("openai", "POST", "chat/completions", "", "{}".getBytes());

        assertThat(response.status()).isEqualTo(200);
        assertThat(upstream.retrieveRecordedRequests(request().withPath("/openai/v1/chat/completions"))[0]
                .getHeader("accept-encoding")).containsExactly("identity");
    }

    @Test
    void providerErrorsComeBackWithTheirStatusHeadersAndBody() throws Exception {
        String error = "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}";
        upstream.when(request().withPath("/openai/v1/chat/completions"))
                .respond(response().withStatusCode(429).withHeader("retry-after", "7").withBody(error));

        UpstreamResponse response = call("openai", "POST", "v1/chat/completions", "", "{}".getBytes());

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.headers().first("retry-after")).contains("7");
        assertThat(UpstreamBodies.text(response)).isEqualTo(error);
    }

    @Test
    void aProviderSlowerThanTheTimeoutIsReportedAsATimeout() {
        upstream.when(request().withPath("/openai/v1/chat/completions"))
                .respond(response().withStatusCode(200).withDelay(Delay.milliseconds(2000)));
        UpstreamRequest request = UpstreamRequest.to(catalog.find("openai").orElseThrow(), "POST",
                "chat/completions", "", Headers.EMPTY, "{}".getBytes());

        assertThatThrownBy(() -> adapter.callProvider(request, Optional.of(Duration.ofMillis(200))).toCompletableFuture()
                .get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(ProviderUnavailableException.class, e -> assertThat(e.timedOut()).isTrue());
    }

    @Test
    void withoutARequestTimeoutTheClientsReadTimeoutApplies() throws Exception {
        upstream.when(request().withPath("/openai/v1/chat/completions"))
                .respond(response().withStatusCode(200).withDelay(Delay.milliseconds(2000)));
        try (ProviderClient impatient = new ProviderClient(Duration.ofMillis(300))) {
            UpstreamRequest request = UpstreamRequest.to(catalog.find("openai").orElseThrow(), "POST",
                    "chat/completions", "", Headers.EMPTY, "{}".getBytes());
            assertThatThrownBy(() -> impatient.adapter.callProvider(request, Optional.empty())
                    .toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(ProviderUnavailableException.class,
                            e -> assertThat(e.timedOut()).isTrue());
        }
    }

    @Test
    void anUnreachableProviderIsReportedWithoutItsUrl() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ProviderCatalog closed = ProviderCatalog.of(List.of(new OpenAiProvider()),
                Map.of("openai", "http://127.0.0.1:" + closedPort + "/v1"));
        UpstreamRequest request = UpstreamRequest.to(closed.find("openai").orElseThrow(), "POST",
                "chat/completions", "key=secret", Headers.EMPTY, "{}".getBytes());

        assertThatThrownBy(() -> adapter.callProvider(request, Optional.empty()).toCompletableFuture()
                .get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(ProviderUnavailableException.class, e -> {
                    assertThat(e.timedOut()).isFalse();
                    assertThat(e.getMessage()).contains("127.0.0.1").doesNotContain("secret");
                });
    }
}
