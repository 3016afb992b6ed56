package dev.sluice.adapters.gateway.google;

import dev.sluice.adapters.gateway.dialect.DialectSupport;
import dev.sluice.adapters.gateway.dialect.WireJson;
import dev.sluice.domain.chat.ChatMessage;
import dev.sluice.domain.chat.ChatRequest;
import dev.sluice.domain.chat.ContentPart;
import dev.sluice.domain.chat.ReasoningEffort;
import dev.sluice.domain.chat.ResponseFormat;
import dev.sluice.domain.chat.Role;
import dev.sluice.domain.chat.Sampling;
import dev.sluice.domain.chat.ToolCall;
import dev.sluice.domain.chat.ToolChoice;
import dev.sluice.domain.chat.ToolDefinition;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a chat request as a Gemini {@code generateContent} body: {@code systemInstruction}, the
 * conversation as {@code contents} of {@code user} and {@code model} turns (consecutive ones of a role
 * merged), images as {@code inlineData} or {@code fileData}, tool calls as {@code functionCall} parts
 * with their {@code thoughtSignature}, tool results as {@code functionResponse} parts named after the call
 * they answer, a signature on the content (Gemini's on a text part) back on its last text part, tools as
 * function declarations with a {@code toolConfig}, and the sampling, stop, JSON and
 * thinking settings in {@code generationConfig}. Gemini has no switch for one call at a time: a request's
 * {@code parallel_tool_calls} is not sent (the answer may hold several calls, as OpenAI's may).
 */
final class GoogleRequests {

    private static final String PROVIDER = "google-ai-studio";
    /**
     * The signature Google documents for calls Gemini did not make (a conversation begun on another model, or a
     * client that kept no signature): put on the first call of a turn that has none, Gemini 3 takes the turn rather
     * than refusing it. A call that came with its signature is sent back with it, as Gemini requires.
     */
    static final String UNSIGNED = "skip_thought_signature_validator";

    Map<String, Object> body(ChatRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        List<String> system = request.systemParts();
        if (!system.isEmpty()) {
            body.put("systemInstruction", Map.of("parts", system.stream().map(text -> Map.of("text", text)).toList()));
        }
        if (request.conversation().isEmpty()) {
            throw ChatRequest.unsupported("messages", PROVIDER, "needs at least one message besides system ones");
        }
        body.put("contents", contents(request.messages()));
        if (!request.tools().isEmpty()) {
            body.put("tools", List.of(Map.of("functionDeclarations", declarations(request.tools()))));
        }
        request.toolChoice().ifPresent(choice -> body.put("toolConfig", Map.of("functionCallingConfig", calling(choice))));
        Map<String, Object> config = generationConfig(request);
        if (!config.isEmpty()) {
            body.put("generationConfig", config);
        }
        DialectSupport.passOn(body, request.extra());
        return body;
    }

    private static List<Map<String, Object>> contents(List<ChatMessage> messages) {
        Map<String, String> callNames = new HashMap<>();
        Map<String, Integer> callOrder = new HashMap<>();
        Map<Object, Integer> responseOrder = new IdentityHashMap<>();
        List<Map<String, Object>> contents = new ArrayList<>();
        List<Integer> firsts = new ArrayList<>();
        String role = null;
        List<Object> parts = null;
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            if (message.role() == Role.SYSTEM) {
                continue;
            }
            String next = message.role() == Role.ASSISTANT ? "model" : "user";
            if (!next.equals(role)) {
                inCallOrder(parts, responseOrder);
                role = next;
                parts = new ArrayList<>();
                firsts.add(i);
                Map<String, Object> content = new LinkedHashMap<>();
                content.put("role", role);
                content.put("parts", parts);
                contents.add(content);
            }
            List<Object> added = parts(message, "messages[" + i + "]", callNames);
            for (ToolCall call : message.toolCalls()) {
                callOrder.put(call.id(), callOrder.size()); // in the order made, across the messages of a turn
            }
            message.toolCallId().ifPresent(id -> responseOrder.put(added.get(0), callOrder.getOrDefault(id, 0)));
            parts.addAll(added);
        }
        inCallOrder(parts, responseOrder);
        // Found by a probe: an empty user message went to Gemini as parts: [], and came back as Gemini's 400.
        DialectSupport.refuseEmptyTurns(contents, firsts, "parts", "model", PROVIDER);
        return contents;
    }

    /**
     * Puts a turn's function results in the order of the calls they answer. Gemini pairs a call and its result by
     * their place (Sluice sends no ids), while OpenAI's tool messages name their call and may come in any order: two
     * calls of one function, answered out of order, would have swapped results. Other parts keep their places.
     */
    private static void inCallOrder(List<Object> parts, Map<Object, Integer> responseOrder) {
        if (parts == null) {
            return;
        }
        List<Integer> places = new ArrayList<>();
        List<Object> responses = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            if (responseOrder.containsKey(parts.get(i))) {
                places.add(i);
                responses.add(parts.get(i));
            }
        }
        responses.sort(Comparator.comparing(responseOrder::get));
        for (int i = 0; i < places.size(); i++) {
            parts.set(places.get(i), responses.get(i));
        }
    }

    private static List<Object> parts(ChatMessage message, String field, Map<String, String> callNames) {
        List<Object> parts = new ArrayList<>();
        if (message.role() == Role.TOOL) {
            String id = message.toolCallId().orElseThrow();
            String name = callNames.get(id);
            if (name == null) {
                throw ChatRequest.unsupported(field + ".tool_call_id", PROVIDER,
                        "names a function's result by the function: no earlier tool call has id '" + id + "'");
            }
            parts.add(Map.of("functionResponse", Map.of("name", name, "response", toolResponse(String.join("\n", message.textParts())))));
            return parts;
        }
        for (ContentPart part : message.content()) {
            if (part instanceof ContentPart.Text text) {
                if (!text.text().isEmpty()) {
                    parts.add(Map.of("text", text.text()));
                }
            } else {
                parts.add(image((ContentPart.Image) part));
            }
        }
        message.signature().ifPresent(signature -> signContent(parts, signature));
        boolean unsigned = message.toolCalls().stream().allMatch(call -> call.signature().isEmpty());
        for (int j = 0; j < message.toolCalls().size(); j++) {
            ToolCall call = message.toolCalls().get(j);
            callNames.put(call.id(), call.name());
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("functionCall", Map.of("name", call.name(), "args", DialectSupport.arguments(
                    call.arguments(), field + ".tool_calls[" + j + "].function.arguments", PROVIDER)));
            boolean first = j == 0;
            call.signature().or(() -> first && unsigned ? Optional.of(UNSIGNED) : Optional.empty())
                    .ifPresent(signature -> part.put("thoughtSignature", signature));
            parts.add(part);
        }
        return parts;
    }

    /**
     * An answer's content signature back where Gemini put it: on its last text part, or on an empty text part when the
     * answer had no text (as a stream ends with one), ahead of the calls.
     */
    private static void signContent(List<Object> parts, String signature) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            if (parts.get(i) instanceof Map<?, ?> part && part.get("text") instanceof String text) {
                parts.set(i, Map.of("text", text, "thoughtSignature", signature));
                return;
            }
        }
        parts.add(Map.of("text", "", "thoughtSignature", signature));
    }

    private static Map<String, Object> toolResponse(String text) {
        try {
            return WireJson.readObject(text.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notAnObject) {
            return Map.of("content", text);
        }
    }

    private static Map<String, Object> image(ContentPart.Image image) {
        if (image.isInline()) {
            return Map.of("inlineData", Map.of("mimeType", image.mediaType().orElse("image/png"),
                    "data", image.data().orElseThrow()));
        }
        String url = image.url().orElseThrow();
        return Map.of("fileData", Map.of("mimeType", mimeType(url), "fileUri", url));
    }

    private static String mimeType(String url) {
        String path = url.toLowerCase(Locale.ROOT).replaceFirst("[?#].*$", "");
        if (path.endsWith(".png")) {
            return "image/png";
        }
        if (path.endsWith(".webp")) {
            return "image/webp";
        }
        if (path.endsWith(".gif")) {
            return "image/gif";
        }
        return "image/jpeg";
    }

    private static List<Map<String, Object>> declarations(List<ToolDefinition> tools) {
        List<Map<String, Object>> declarations = new ArrayList<>();
        for (ToolDefinition tool : tools) {
            Map<String, Object> declaration = new LinkedHashMap<>();
            declaration.put("name", tool.name());
            tool.description().ifPresent(description -> declaration.put("description", description));
            if (!tool.parameters().isEmpty()) {
                declaration.put("parametersJsonSchema", tool.parameters());
            }
            declarations.add(declaration);
        }
        return declarations;
    }

    private static Map<String, Object> calling(ToolChoice choice) {
        return switch (choice.mode()) {
            case AUTO -> Map.of("mode", "AUTO");
            case NONE -> Map.of("mode", "NONE");
            case REQUIRED -> Map.of("mode", "ANY");
            case FUNCTION -> Map.of("mode", "ANY", "allowedFunctionNames", List.of(choice.function().orElseThrow()));
        };
    }

    private static Map<String, Object> generationConfig(ChatRequest request) {
        Sampling sampling = request.sampling();
        Map<String, Object> config = new LinkedHashMap<>();
        sampling.temperature().ifPresent(value -> config.put("temperature", value));
        sampling.topP().ifPresent(value -> config.put("topP", value));
        sampling.maxTokens().ifPresent(value -> config.put("maxOutputTokens", value));
        sampling.n().ifPresent(value -> config.put("candidateCount", value));
        sampling.seed().ifPresent(value -> config.put("seed", value));
        sampling.presencePenalty().ifPresent(value -> config.put("presencePenalty", value));
        sampling.frequencyPenalty().ifPresent(value -> config.put("frequencyPenalty", value));
        if (!request.stop().isEmpty()) {
            config.put("stopSequences", request.stop());
        }
        request.responseFormat().ifPresent(format -> {
            if (format.kind() != ResponseFormat.Kind.TEXT) {
                config.put("responseMimeType", "application/json");
            }
            if (format.kind() == ResponseFormat.Kind.JSON_SCHEMA && !format.schema().isEmpty()) {
                config.put("responseJsonSchema", format.schema());
            }
        });
        // As Google's OpenAI-compatible API maps them: none turns thinking off (a budget of 0), which Gemini 2.5 Pro
        // refuses; xhigh asks for what high does, the most 2.5 Flash takes.
        request.reasoningEffort().ifPresent(effort -> config.put("thinkingConfig", Map.of("thinkingBudget",
                switch (ReasoningEffort.of(effort, PROVIDER)) {
                    case NONE -> 0;
                    case MINIMAL, LOW -> 1024;
                    case MEDIUM -> 8192;
                    case HIGH, XHIGH -> 24576;
                })));
        return config;
    }
}
