package dev.sluice.adapters.gateway.cohere;

import dev.sluice.adapters.gateway.dialect.DialectSupport;
import dev.sluice.domain.chat.ChatMessage;
import dev.sluice.domain.chat.ChatRequest;
import dev.sluice.domain.chat.ContentPart;
import dev.sluice.domain.chat.ReasoningEffort;
import dev.sluice.domain.chat.ResponseFormat;
import dev.sluice.domain.chat.Sampling;
import dev.sluice.domain.chat.ToolCall;
import dev.sluice.domain.chat.ToolChoice;
import dev.sluice.domain.chat.ToolDefinition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a chat request as a Cohere v2 chat body, which is close to OpenAI's: messages keep their roles
 * (system ones included), user content is text or {@code text} / {@code image_url} parts, assistant tool
 * calls and {@code tool} results keep OpenAI's fields; {@code top_p} is {@code p}, {@code stop} is
 * {@code stop_sequences}, {@code tool_choice} is {@code REQUIRED} or {@code NONE}. Cohere returns one
 * choice and cannot be made to call one named tool: {@code n > 1} and a named {@code tool_choice} are
 * refused. It has no switch for one tool call at a time: {@code parallel_tool_calls} is not sent.
 */
final class CohereRequests {

    private static final String PROVIDER = "cohere";

    Map<String, Object> body(ChatRequest request) {
        Sampling sampling = request.sampling();
        if (sampling.choices() > 1) {
            throw ChatRequest.unsupported("n", PROVIDER, "returns one choice per request; ask for n = 1");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", request.model());
        List<Map<String, Object>> messages = new ArrayList<>();
        for (ChatMessage message : request.messages()) {
            messages.add(message(message));
        }
        body.put("messages", messages);
        if (!request.tools().isEmpty()) {
            body.put("tools", tools(request.tools()));
        }
        request.toolChoice().ifPresent(choice -> {
            switch (choice.mode()) {
                case REQUIRED -> body.put("tool_choice", "REQUIRED");
                case NONE -> body.put("tool_choice", "NONE");
                case FUNCTION -> throw ChatRequest.unsupported("tool_choice", PROVIDER,
                        "cannot be made to call one named tool; use required, none or auto");
                default -> { }
            }
        });
        sampling.temperature().ifPresent(value -> body.put("temperature", value));
        sampling.topP().ifPresent(value -> body.put("p", value));
        sampling.maxTokens().ifPresent(value -> body.put("max_tokens", value));
        sampling.seed().ifPresent(value -> body.put("seed", value));
        sampling.presencePenalty().ifPresent(value -> body.put("presence_penalty", value));
        sampling.frequencyPenalty().ifPresent(value -> body.put("frequency_penalty", value));
        if (!request.stop().isEmpty()) {
            body.put("stop_sequences", request.stop());
        }
        request.responseFormat().filter(format -> format.kind() != ResponseFormat.Kind.TEXT).ifPresent(format -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", "json_object");
            if (format.kind() == ResponseFormat.Kind.JSON_SCHEMA && !format.schema().isEmpty()) {
                json.put("json_schema", format.schema());
            }
            body.put("response_format", json);
        });
        request.reasoningEffort().ifPresent(effort -> body.put("thinking",
                Map.of("type", ReasoningEffort.of(effort, PROVIDER) == ReasoningEffort.NONE ? "disabled" : "enabled")));
        if (request.stream()) {
            body.put("stream", true);
        }
        DialectSupport.passOn(body, request.extra());
        return body;
    }

    private static Map<String, Object> message(ChatMessage message) {
        Map<String, Object> written = new LinkedHashMap<>();
        written.put("role", message.role().name().toLowerCase(Locale.ROOT));
        message.toolCallId().ifPresent(id -> written.put("tool_call_id", id));
        if (message.hasImages() || message.textParts().size() > 1) {
            List<Object> parts = new ArrayList<>();
            for (ContentPart part : message.content()) {
                if (part instanceof ContentPart.Text text) {
                    if (!text.text().isEmpty()) {
                        parts.add(Map.of("type", "text", "text", text.text()));
                    }
                } else {
                    parts.add(Map.of("type", "image_url", "image_url", Map.of("url", ((ContentPart.Image) part).asUrl())));
                }
            }
            written.put("content", parts);
        } else if (!message.content().isEmpty() || message.toolCalls().isEmpty()) {
            written.put("content", message.text());
        }
        if (!message.toolCalls().isEmpty()) {
            List<Object> calls = new ArrayList<>();
            for (ToolCall call : message.toolCalls()) {
                calls.add(Map.of("id", call.id(), "type", "function",
                        "function", Map.of("name", call.name(), "arguments", call.arguments())));
            }
            written.put("tool_calls", calls);
        }
        return written;
    }

    private static List<Object> tools(List<ToolDefinition> tools) {
        List<Object> written = new ArrayList<>();
        for (ToolDefinition tool : tools) {
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", tool.name());
            tool.description().ifPresent(description -> function.put("description", description));
            function.put("parameters", tool.parameters().isEmpty() ? Map.of("type", "object") : tool.parameters());
            written.add(Map.of("type", "function", "function", function));
        }
        return written;
    }
}
