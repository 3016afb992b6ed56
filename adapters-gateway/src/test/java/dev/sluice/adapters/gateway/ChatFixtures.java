package dev.sluice.adapters.gateway;

import dev.sluice.adapters.gateway.dialect.WireJson;
import dev.sluice.domain.chat.ChatEvent;
import dev.sluice.domain.chat.ChatMessage;
import dev.sluice.domain.chat.ChatRequest;
import dev.sluice.domain.chat.ChatStreamDecoder;
import dev.sluice.domain.chat.ContentPart;
import dev.sluice.domain.chat.ResponseFormat;
import dev.sluice.domain.chat.Role;
import dev.sluice.domain.chat.Sampling;
import dev.sluice.domain.chat.SseDecoder;
import dev.sluice.domain.chat.ToolCall;
import dev.sluice.domain.chat.ToolChoice;
import dev.sluice.domain.chat.ToolDefinition;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the dialects' tests share: one conversation with everything a dialect must carry (system
 * instructions, multi-turn history, an image by URL and one inline, a tool call and its result, tools and
 * a tool choice, sampling, stop), the client's forwarded headers, and a stream fed to a decoder in chunks
 * of any size, as the network may split it.
 */
public final class ChatFixtures {

    public static final Headers CLIENT = new Headers(List.of(new Header("authorization", "Bearer sk-client"),
            new Header("content-type", "application/json"), new Header("user-agent", "openai-python/1.50"),
            new Header("content-length", "999")));

    public static final Map<String, Object> WEATHER_SCHEMA = Map.of("type", "object",
            "properties", Map.of("location", Map.of("type", "string")), "required", List.of("location"));

    private ChatFixtures() {
    }

    public static ChatRequest conversation(String model, Sampling sampling, boolean stream) {
        List<ChatMessage> messages = List.of(
                ChatMessage.text(Role.SYSTEM, "Be brief."),
                new ChatMessage(Role.USER, List.of(new ContentPart.Text("What is in these, and the weather?"),
                        ContentPart.Image.fromUrl("https://example.com/cat.png", Optional.empty()),
                        ContentPart.Image.fromUrl("data:image/jpeg;base64,/9j/4AAQ", Optional.of("low"))),
                        List.of(), Optional.empty(), Optional.empty(), Optional.empty()),
                new ChatMessage(Role.ASSISTANT, List.of(new ContentPart.Text("Let me check.")),
                        List.of(new ToolCall("call_1", "get_weather", "{\"location\":\"Paris\"}")), Optional.empty(),
                        Optional.empty(), Optional.empty()),
                ChatMessage.toolResult("call_1", "{\"temperature\":21}"),
                ChatMessage.text(Role.USER, "Thanks. And tomorrow?"));
        return new ChatRequest(model, messages,
                List.of(new ToolDefinition("get_weather", Optional.of("Current weather"), WEATHER_SCHEMA, Optional.empty())),
                Optional.of(ToolChoice.AUTO), sampling, Optional.empty(), List.of("END"), stream, true,
                Optional.empty(), Optional.empty(), Map.of("x_vendor", "kept"), true);
    }

    public static Sampling sampling(Double temperature, Integer maxTokens) {
        return new Sampling(Optional.ofNullable(temperature), Optional.of(0.9), Optional.ofNullable(maxTokens),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static ChatRequest with(ChatRequest request, Sampling sampling, Optional<ResponseFormat> format,
                                   Optional<ToolChoice> choice) {
        return new ChatRequest(request.model(), request.messages(), request.tools(), choice, sampling, format,
                request.stop(), request.stream(), request.includeUsage(), request.reasoningEffort(), request.user(),
                request.extra(), request.parallelToolCalls());
    }

    public static Map<String, Object> json(byte[] body) {
        return WireJson.readObject(body);
    }

    /** The stream's events as the decoder reads them when the bytes arrive {@code every} bytes at a time. */
    public static List<ChatEvent> decode(ChatStreamDecoder decoder, String stream, int every) {
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        SseDecoder sse = new SseDecoder();
        List<ChatEvent> events = new ArrayList<>();
        for (int start = 0; start < bytes.length; start += every) {
            sse.read(Arrays.copyOfRange(bytes, start, Math.min(bytes.length, start + every)))
                    .forEach(event -> events.addAll(decoder.read(event)));
        }
        sse.end().forEach(event -> events.addAll(decoder.read(event)));
        return events;
    }

    /** The text of a stream's text deltas. */
    public static String text(List<ChatEvent> events) {
        StringBuilder text = new StringBuilder();
        events.stream().filter(ChatEvent.TextDelta.class::isInstance)
                .forEach(event -> text.append(((ChatEvent.TextDelta) event).text()));
        return text.toString();
    }

    /** The arguments a stream's deltas build for tool call {@code index}. */
    public static String arguments(List<ChatEvent> events, int index) {
        StringBuilder arguments = new StringBuilder();
        events.stream().filter(ChatEvent.ToolCallDelta.class::isInstance).map(ChatEvent.ToolCallDelta.class::cast)
                .filter(delta -> delta.index() == index).forEach(delta -> arguments.append(delta.arguments()));
        return arguments.toString();
    }
}
