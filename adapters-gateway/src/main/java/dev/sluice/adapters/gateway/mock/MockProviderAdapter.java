package dev.sluice.adapters.gateway.mock;

import dev.sluice.adapters.gateway.mock.MockWire.ChatCompletionChunk;
import dev.sluice.adapters.gateway.mock.MockWire.ChatCompletionResponse;
import dev.sluice.adapters.gateway.mock.MockWire.Choice;
import dev.sluice.adapters.gateway.mock.MockWire.ChunkChoice;
import dev.sluice.adapters.gateway.mock.MockWire.Delta;
import dev.sluice.adapters.gateway.mock.MockWire.ErrorDetail;
import dev.sluice.adapters.gateway.mock.MockWire.ErrorResponse;
import dev.sluice.adapters.gateway.mock.MockWire.Message;
import dev.sluice.adapters.gateway.mock.MockWire.Usage;
import dev.sluice.adapters.gateway.mock.MockWire.WorkersAiChunk;
import dev.sluice.adapters.gateway.mock.MockWire.WorkersAiResponse;
import dev.sluice.adapters.gateway.mock.MockWire.WorkersAiResult;
import dev.sluice.application.port.out.CallProviderPort;
import dev.sluice.domain.exchange.Header;
import dev.sluice.domain.exchange.Headers;
import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.exchange.UpstreamResponse;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.reactivestreams.FlowAdapters;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The {@code mock} provider: answers OpenAI chat completions ({@code v1/chat/completions}) and Workers AI
 * ({@code @cf/{model}}) inside Sluice, streamed when asked, with text derived from the prompt. It is
 * for trying Sluice with no keys and no network and for testing applications offline; it stands in for
 * no real provider in Sluice's own tests of those providers.
 */
public final class MockProviderAdapter implements CallProviderPort {

    public static final String LATENCY_HEADER = "x-sluice-mock-latency-ms";
    public static final String CHUNK_DELAY_HEADER = "x-sluice-mock-chunk-delay-ms";
    private static final long MAX_DELAY_MS = 60_000;

    private final JsonMapper json;
    private final Clock clock;
    private final Duration latency;
    private final Duration chunkDelay;

    public MockProviderAdapter(JsonMapper json, Clock clock, Duration latency, Duration chunkDelay) {
        this.json = json;
        this.clock = clock;
        this.latency = latency;
        this.chunkDelay = chunkDelay;
    }

    @Override
    public CompletionStage<UpstreamResponse> callProvider(UpstreamRequest request,
                                                         Optional<Duration> firstByteTimeout) {
        Duration delay = delay(request.headers(), LATENCY_HEADER, latency);
        Duration between = delay(request.headers(), CHUNK_DELAY_HEADER, chunkDelay);
        return Mono.fromSupplier(() -> answer(request, between))
                .delaySubscription(delay)
                .toFuture();
    }

    private UpstreamResponse answer(UpstreamRequest request, Duration between) {
        String path = request.path().replaceFirst("^/+", "");
        if (!"POST".equalsIgnoreCase(request.method())) {
            return error(405, "The mock provider answers POST requests only");
        }
        Optional<JsonNode> body = parse(request.body());
        if (body.isEmpty() || !body.get().isObject()) {
            return error(400, "The request body must be a JSON object");
        }
        if (path.equals("v1/chat/completions") || path.equals("chat/completions")) {
            return chatCompletion(body.get(), between);
        }
        String model = path.startsWith("run/") ? path.substring(4) : path;
        if (model.startsWith("@cf/") || model.startsWith("@hf/")) {
            return workersAi(model, body.get(), between);
        }
        return error(404, "The mock provider serves v1/chat/completions and @cf/{model}, not " + path);
    }

    private UpstreamResponse chatCompletion(JsonNode body, Duration between) {
        String model = text(body.get("model")).orElse("mock-model");
        MockReply reply = MockReply.to(model, prompt(body));
        String id = "chatcmpl-mock-" + reply.seed();
        long created = clock.instant().getEpochSecond();
        if (!flag(body.get("stream"))) {
            var response = new ChatCompletionResponse(id, "chat.completion", created, model,
                    List.of(new Choice(0, new Message("assistant", reply.text()), "stop")), Usage.of(reply));
            return json(200, response);
        }
        JsonNode options = body.get("stream_options");
        boolean includeUsage = options != null && flag(options.get("include_usage"));
        List<Object> events = new ArrayList<>();
        events.add(chunk(id, created, model, new Delta("assistant", ""), null));
        reply.pieces().forEach(piece -> events.add(chunk(id, created, model, new Delta(null, piece), null)));
        events.add(chunk(id, created, model, new Delta(null, null), "stop"));
        if (includeUsage) {
            events.add(new ChatCompletionChunk(id, "chat.completion.chunk", created, model, List.of(), Usage.of(reply)));
        }
        return sse(events, between);
    }

    private static ChatCompletionChunk chunk(String id, long created, String model, Delta delta, String finish) {
        return new ChatCompletionChunk(id, "chat.completion.chunk", created, model,
                List.of(new ChunkChoice(0, delta, finish)), null);
    }

    private UpstreamResponse workersAi(String model, JsonNode body, Duration between) {
        MockReply reply = MockReply.to(model, text(body.get("prompt")).orElseGet(() -> prompt(body)));
        if (!flag(body.get("stream"))) {
            return json(200, new WorkersAiResponse(new WorkersAiResult(reply.text(), Usage.of(reply)), true,
                    List.of(), List.of()));
        }
        List<Object> events = new ArrayList<>();
        reply.pieces().forEach(piece -> events.add(new WorkersAiChunk(piece, null)));
        events.add(new WorkersAiChunk("", Usage.of(reply)));
        return sse(events, between);
    }

    /** The last user message's text, or every message's text when none is marked as the user's. */
    private static String prompt(JsonNode body) {
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.size() == 0) {
            return "";
        }
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if (message.isObject() && text(message.get("role")).filter("user"::equals).isPresent()) {
                return content(message.get("content"));
            }
        }
        return content(messages.get(messages.size() - 1).get("content"));
    }

    private static String content(JsonNode content) {
        if (content == null) {
            return "";
        }
        if (content.isString()) {
            return content.getStringValue();
        }
        StringBuilder text = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode part : content.values()) {
                if (part.isObject()) {
                    text(part.get("text")).ifPresent(text::append);
                }
            }
        }
        return text.toString();
    }

    private UpstreamResponse sse(List<Object> events, Duration between) {
        List<byte[]> frames = new ArrayList<>();
        for (Object event : events) {
            frames.add(("data: " + new String(write(event), StandardCharsets.UTF_8) + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
        frames.add("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        Flux<byte[]> body = between.isZero() ? Flux.fromIterable(frames)
                : Flux.fromIterable(frames).delayElements(between);
        return new UpstreamResponse(200, new Headers(List.of(
                new Header("content-type", "text/event-stream"),
                new Header("cache-control", "no-cache"))), FlowAdapters.toFlowPublisher(body));
    }

    private UpstreamResponse json(int status, Object body) {
        byte[] bytes = write(body);
        return new UpstreamResponse(status, new Headers(List.of(
                new Header("content-type", "application/json"),
                new Header("content-length", Integer.toString(bytes.length)))),
                FlowAdapters.toFlowPublisher(Flux.just(bytes)));
    }

    private UpstreamResponse error(int status, String message) {
        return json(status, new ErrorResponse(new ErrorDetail(message, "invalid_request_error")));
    }

    private Optional<JsonNode> parse(byte[] body) {
        try {
            return Optional.of(json.readValue(body, JsonNode.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private byte[] write(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> text(JsonNode node) {
        return node != null && node.isString() ? Optional.of(node.getStringValue()) : Optional.empty();
    }

    private static boolean flag(JsonNode node) {
        return node != null && node.isBoolean() && node.getBooleanValue();
    }

    private static Duration delay(Headers headers, String header, Duration configured) {
        return headers.first(header).map(value -> {
            try {
                long millis = Long.parseLong(value.trim());
                return Duration.ofMillis(Math.max(0, Math.min(millis, MAX_DELAY_MS)));
            } catch (NumberFormatException e) {
                return configured;
            }
        }).orElse(configured);
    }
}
