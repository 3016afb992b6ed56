package dev.sluice.adapters.gateway.mock;

import dev.sluice.adapters.gateway.UpstreamBodies;
import dev.sluice.application.pipeline.ProviderUnavailableException;
import dev.sluice.domain.exchange.ParsedBodies;
import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MockProviderAdapterTest {

    private final MockProviderAdapter mock = new MockProviderAdapter(ObjectMapper.getDefault(),
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), Duration.ZERO, Duration.ZERO,
            new ParsedBodies(1 << 20, 1 << 22));

    private UpstreamResponse call(String method, String path, String body, Header... headers) throws Exception {
        var provider = new MockProvider().provider(Optional.empty());
        var request = UpstreamRequest.to(provider, method, path, "", new Headers(List.of(headers)),
                body.getBytes(StandardCharsets.UTF_8));
        return mock.callProvider(request, Optional.empty()).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void answersAChatCompletionDerivedFromTheLastUserMessage() throws Exception {
        String request = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello there\"}]}]}";
        UpstreamResponse first = call("POST", "v1/chat/completions", request);
        String text = UpstreamBodies.text(first);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.headers().first("content-type")).contains("application/json");
        assertThat(text).contains("\"object\":\"chat.completion\"").contains("\"model\":\"gpt-4o-mini\"")
                .contains("You said: \\\"Hello there\\\"").contains("\"usage\":{\"prompt_tokens\":2");
        assertThat(UpstreamBodies.text(call("POST", "chat/completions", request))).isEqualTo(text);
    }

    @Test
    void streamsChunksThenUsageThenDone() throws Exception {
        String events = UpstreamBodies.text(call("POST", "v1/chat/completions", "{\"stream\":true,\"stream_options\":"
                + "{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));
        List<String> lines = events.lines().filter(line -> !line.isEmpty()).toList();
        assertThat(lines).allMatch(line -> line.startsWith("data: "));
        assertThat(lines.get(0)).contains("\"delta\":{\"role\":\"assistant\",\"content\":\"\"}")
                .contains("\"finish_reason\":null");
        assertThat(lines.get(lines.size() - 3)).contains("\"finish_reason\":\"stop\"");
        assertThat(lines.get(lines.size() - 2)).contains("\"choices\":[]").contains("\"total_tokens\"");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("data: [DONE]");
    }

    @Test
    void answersWorkersAiModelsInTheirEnvelopeAndStream() throws Exception {
        String plain = UpstreamBodies.text(call("POST", "@cf/meta/llama-3.1-8b-instruct", "{\"prompt\":\"Tell me a joke\"}"));
        assertThat(plain).startsWith("{\"result\":{\"response\":\"Mock response").endsWith("\"success\":true,\"errors\":[],\"messages\":[]}");

        String stream = UpstreamBodies.text(call("POST", "run/@cf/meta/llama-3.1-8b-instruct", "{\"prompt\":\"Hi\",\"stream\":true}"));
        assertThat(stream).startsWith("data: {\"response\":\"Mock ").contains("\"usage\":{").endsWith("data: [DONE]\n\n");
    }

    @Test
    void refusesWhatARealProviderWouldRefuse() throws Exception {
        assertThat(call("GET", "v1/chat/completions", "").status()).isEqualTo(405);
        assertThat(call("POST", "v1/chat/completions", "{\"messages\":").status()).isEqualTo(400);
        UpstreamResponse unknown = call("POST", "v1/embeddings", "{}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(UpstreamBodies.text(unknown)).contains("invalid_request_error");
    }

    @Test
    void waitsTheRequestedLatencyBeforeAnswering() throws Exception {
        long start = System.nanoTime();
        call("POST", "v1/chat/completions", "{}", new Header(MockProviderAdapter.LATENCY_HEADER, "300"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aRequestsOwnTimeoutCutsTheLatencyAsAProvidersWouldBe() {
        var provider = new MockProvider().provider(Optional.empty());
        var request = UpstreamRequest.to(provider, "POST", "v1/chat/completions", "",
                new Headers(List.of(new Header(MockProviderAdapter.LATENCY_HEADER, "2000"))),
                "{}".getBytes(StandardCharsets.UTF_8));
        long start = System.nanoTime();
        var call = mock.callProvider(request, Optional.of(Duration.ofMillis(200))).toCompletableFuture();
        assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(ProviderUnavailableException.class, e -> assertThat(e.timedOut()).isTrue())
                .hasMessageContaining("within the request timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void aTimeoutLongerThanTheLatencyLetsTheAnswerThrough() throws Exception {
        var provider = new MockProvider().provider(Optional.empty());
        var request = UpstreamRequest.to(provider, "POST", "v1/chat/completions", "",
                new Headers(List.of(new Header(MockProviderAdapter.LATENCY_HEADER, "100"))),
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8));
        assertThat(mock.callProvider(request, Optional.of(Duration.ofSeconds(2))).toCompletableFuture()
                .get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
    }
}
