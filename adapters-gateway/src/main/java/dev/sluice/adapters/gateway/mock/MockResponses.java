package dev.sluice.adapters.gateway.mock;

import dev.sluice.adapters.gateway.mock.MockWire.ErrorDetail;
import dev.sluice.adapters.gateway.mock.MockWire.ErrorResponse;
import dev.sluice.adapters.gateway.mock.MockWire.WorkersAiError;
import dev.sluice.adapters.gateway.mock.MockWire.WorkersAiFailure;
import dev.sluice.domain.exchange.Bodies;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.reactivestreams.FlowAdapters;
import reactor.core.publisher.Flux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the mock provider's requests and writes its answers: JSON, server-sent events, errors. */
final class MockResponses {

    private static final int WORKERS_AI_BAD_INPUT = 5006;

    private final JsonMapper json;

    MockResponses(JsonMapper json) {
        this.json = json;
    }

    Optional<JsonNode> parse(byte[] body) {
        try {
            return Optional.of(json.readValue(body, JsonNode.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    UpstreamResponse json(int status, Object body) {
        byte[] bytes = write(body);
        return new UpstreamResponse(status, new Headers(List.of(
                new Header("content-type", "application/json"),
                new Header("content-length", Integer.toString(bytes.length)))),
                Bodies.of(bytes));
    }

    /** One {@code data:} event per value, then {@code data: [DONE]}, spaced by {@code between}. */
    UpstreamResponse sse(List<?> events, Duration between) {
        List<byte[]> frames = new ArrayList<>();
        for (Object event : events) {
            frames.add(("data: " + new String(write(event), StandardCharsets.UTF_8) + "\n\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        frames.add("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        Flux<byte[]> body = between.isZero() ? Flux.fromIterable(frames) : Flux.fromIterable(frames).delayElements(between);
        return new UpstreamResponse(200, new Headers(List.of(
                new Header("content-type", "text/event-stream"),
                new Header("cache-control", "no-cache"))), FlowAdapters.toFlowPublisher(body));
    }

    UpstreamResponse error(int status, String message) {
        return json(status, new ErrorResponse(new ErrorDetail(message, "invalid_request_error", null, null)));
    }

    /** A 400 as OpenAI answers a request it refuses. */
    UpstreamResponse openAiRefusal(Refusal refusal) {
        return json(400, new ErrorResponse(new ErrorDetail(refusal.message(), "invalid_request_error",
                refusal.field(), refusal.code())));
    }

    /** A 400 as Workers AI answers a request its model's schema refuses (code 5006, "Bad input"). */
    UpstreamResponse workersAiRefusal(Refusal refusal) {
        return json(400, new WorkersAiFailure(null, false,
                List.of(new WorkersAiError(WORKERS_AI_BAD_INPUT, "AiError: Bad input: " + refusal.message())), List.of()));
    }

    private byte[] write(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<String> text(JsonNode node) {
        return node != null && node.isString() ? Optional.of(node.getStringValue()) : Optional.empty();
    }

    static boolean flag(JsonNode node) {
        return node != null && node.isBoolean() && node.getBooleanValue();
    }

    /** The last user message's text, or the last message's when none is marked as the user's. */
    static String prompt(JsonNode body) {
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
        JsonNode last = messages.get(messages.size() - 1);
        return last.isObject() ? content(last.get("content")) : "";
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
}
