package dev.sluice.adapters.http.compat;

import dev.sluice.domain.chat.ChatMessage;
import dev.sluice.domain.chat.ChatRequest;
import dev.sluice.domain.chat.ContentPart;
import dev.sluice.domain.chat.ResponseFormat;
import dev.sluice.domain.chat.Role;
import dev.sluice.domain.chat.Sampling;
import dev.sluice.domain.chat.ThinkingBlock;
import dev.sluice.domain.chat.ToolCall;
import dev.sluice.domain.chat.ToolChoice;
import dev.sluice.domain.chat.ToolDefinition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.sluice.adapters.http.compat.Fields.invalid;

/**
 * Reads an OpenAI chat completions request into the domain's chat request, checking each field's type
 * and naming the first one that is wrong. Fields the domain does not model are kept in its
 * {@code extra}, as sent, but for OpenAI-only switches set to what OpenAI does anyway ({@code store} and
 * {@code logprobs} false), which ask nothing of a provider and which another provider's API would refuse
 * as unknown fields. A tool call's signature, and an assistant message's own, are read where Google's
 * OpenAI-compatible API puts Gemini's {@code thoughtSignature}: {@code extra_content.google.thought_signature}.
 */
final class OpenAiChatReader {

    private static final Set<String> MODELLED = Set.of("model", "messages", "tools", "tool_choice", "temperature",
            "top_p", "max_tokens", "max_completion_tokens", "n", "seed", "presence_penalty", "frequency_penalty",
            "response_format", "stop", "stream", "stream_options", "reasoning_effort", "user", "parallel_tool_calls");
    /** OpenAI's switches whose {@code false} is its default: sent so, they ask for nothing. */
    private static final Set<String> OFF_BY_DEFAULT = Set.of("store", "logprobs");

    ChatRequest read(Map<String, Object> body) {
        Fields root = new Fields(body, "");
        String model = root.requiredString("model");
        List<ChatMessage> messages = messages(root);
        Optional<Integer> maxTokens = root.count("max_completion_tokens", 1).or(() -> root.count("max_tokens", 1));
        Sampling sampling = new Sampling(root.number("temperature"), root.number("top_p"),
                maxTokens, root.count("n", 1),
                root.integer("seed", Long.MIN_VALUE), root.number("presence_penalty"),
                root.number("frequency_penalty"));
        boolean stream = root.flag("stream").orElse(false);
        boolean includeUsage = root.object("stream_options").flatMap(options -> options.flag("include_usage"))
                .orElse(false);
        Map<String, Object> extra = new LinkedHashMap<>();
        body.forEach((field, value) -> {
            if (!MODELLED.contains(field) && !(OFF_BY_DEFAULT.contains(field) && Boolean.FALSE.equals(value))) {
                extra.put(field, value);
            }
        });
        return new ChatRequest(model, messages, tools(root), toolChoice(root), sampling, responseFormat(root),
                stop(root), stream, includeUsage, root.string("reasoning_effort"), root.string("user"), extra,
                root.flag("parallel_tool_calls").orElse(true));
    }

    private static List<ChatMessage> messages(Fields root) {
        List<Object> items = root.list("messages").orElseThrow(() -> invalid("messages", "is required"));
        if (items.isEmpty()) {
            throw invalid("messages", "at least one message is required");
        }
        List<ChatMessage> messages = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            messages.add(message(Fields.item(items.get(i), "messages[" + i + "]")));
        }
        return messages;
    }

    private static ChatMessage message(Fields message) {
        String role = message.requiredString("role");
        Role parsed = switch (role) {
            case "system", "developer" -> Role.SYSTEM;
            case "user" -> Role.USER;
            case "assistant" -> Role.ASSISTANT;
            case "tool" -> Role.TOOL;
            default -> throw invalid(message.name("role"),
                    "must be system, developer, user, assistant or tool, not '" + role + "'");
        };
        List<ContentPart> content = content(message, parsed);
        List<ToolCall> calls = parsed == Role.ASSISTANT ? toolCalls(message) : List.of();
        if (parsed == Role.ASSISTANT && content.isEmpty() && calls.isEmpty() && !message.has("content")) {
            throw invalid(message.name("content"), "an assistant message needs content or tool_calls");
        }
        Optional<String> toolCallId = parsed == Role.TOOL ? Optional.of(message.requiredString("tool_call_id"))
                : Optional.empty();
        if (parsed != Role.ASSISTANT && content.isEmpty() && parsed != Role.TOOL) {
            throw invalid(message.name("content"), "is required");
        }
        List<ThinkingBlock> thinking = parsed == Role.ASSISTANT ? thinkingBlocks(message) : List.of();
        Optional<String> signature = parsed == Role.ASSISTANT ? googleSignature(message) : Optional.empty();
        return new ChatMessage(parsed, content, calls, toolCallId, message.string("name"),
                message.string("reasoning_content"), thinking, signature);
    }

    /** A message's or a tool call's {@code extra_content.google.thought_signature}, as the unified API hands it out. */
    private static Optional<String> googleSignature(Fields carrier) {
        return carrier.object("extra_content").flatMap(extra -> extra.object("google"))
                .flatMap(google -> google.string("thought_signature"));
    }

    /**
     * An assistant message's {@code thinking_blocks}, as the unified API answered them (Anthropic's signed thinking,
     * the shape LiteLLM's clients pass back too): each {@code {"type":"thinking","thinking","signature"}} or
     * {@code {"type":"redacted_thinking","data"}}.
     */
    private static List<ThinkingBlock> thinkingBlocks(Fields message) {
        List<Object> items = message.list("thinking_blocks").orElse(List.of());
        List<ThinkingBlock> blocks = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Fields block = Fields.item(items.get(i), message.name("thinking_blocks") + "[" + i + "]");
            String type = block.requiredString("type");
            switch (type) {
                case "thinking" -> blocks.add(ThinkingBlock.signed(block.string("thinking").orElse(""),
                        block.string("signature").orElseThrow(() -> invalid(block.name("signature"), "is required"))));
                case "redacted_thinking" -> blocks.add(ThinkingBlock.redacted(block.requiredString("data")));
                default -> throw invalid(block.name("type"), "must be thinking or redacted_thinking, not '" + type + "'");
            }
        }
        return blocks;
    }

    private static List<ContentPart> content(Fields message, Role role) {
        Object value = message.raw("content");
        if (value == null) {
            return List.of();
        }
        if (value instanceof String text) {
            return List.of(new ContentPart.Text(text));
        }
        if (!(value instanceof List<?>)) {
            throw invalid(message.name("content"), "must be a string or an array of content parts");
        }
        List<Object> parts = message.list("content").orElseThrow();
        List<ContentPart> content = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            Fields part = Fields.item(parts.get(i), message.name("content") + "[" + i + "]");
            String type = part.requiredString("type");
            switch (type) {
                case "text" -> content.add(new ContentPart.Text(part.string("text")
                        .orElseThrow(() -> invalid(part.name("text"), "is required")), cacheControl(part)));
                case "image_url" -> {
                    if (role != Role.USER) {
                        throw invalid(part.name("type"), "images are only taken in user messages");
                    }
                    content.add(image(part));
                }
                default -> throw invalid(part.name("type"), "'" + type
                        + "' content is not supported by the unified API (text and image_url are)");
            }
        }
        return content;
    }

    private static ContentPart.Image image(Fields part) {
        Object image = part.raw("image_url");
        if (image instanceof String url) {
            return ContentPart.Image.fromUrl(checkedUrl(url, part.name("image_url")), Optional.empty());
        }
        Fields fields = part.object("image_url").orElseThrow(() -> invalid(part.name("image_url"), "is required"));
        return ContentPart.Image.fromUrl(checkedUrl(fields.requiredString("url"), fields.name("url")),
                fields.string("detail"));
    }

    private static String checkedUrl(String url, String field) {
        String lower = url.substring(0, Math.min(url.length(), 16)).toLowerCase(Locale.ROOT);
        if (lower.startsWith("data:")) {
            if (!url.regionMatches(true, 0, "data:image/", 0, 11) || !url.contains(";base64,")) {
                throw invalid(field, "a data URL must be data:image/{type};base64,{data}");
            }
        } else if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
            throw invalid(field, "must be an http(s) URL or a data:image/…;base64, URL");
        }
        return url;
    }

    private static List<ToolCall> toolCalls(Fields message) {
        List<Object> items = message.list("tool_calls").orElse(List.of());
        List<ToolCall> calls = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Fields call = Fields.item(items.get(i), message.name("tool_calls") + "[" + i + "]");
            String type = call.string("type").orElse("function");
            if (!type.equals("function")) {
                throw invalid(call.name("type"), "must be function");
            }
            Fields function = call.object("function").orElseThrow(() -> invalid(call.name("function"), "is required"));
            calls.add(new ToolCall(call.requiredString("id"), function.requiredString("name"),
                    function.string("arguments").orElse("{}"), googleSignature(call)));
        }
        return calls;
    }

    private static List<ToolDefinition> tools(Fields root) {
        List<Object> items = root.list("tools").orElse(List.of());
        List<ToolDefinition> tools = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Fields tool = Fields.item(items.get(i), "tools[" + i + "]");
            String type = tool.string("type").orElse("function");
            if (!type.equals("function")) {
                throw invalid(tool.name("type"), "'" + type + "' tools are not supported by the unified API");
            }
            Fields function = tool.object("function").orElseThrow(() -> invalid(tool.name("function"), "is required"));
            tools.add(new ToolDefinition(function.requiredString("name"), function.string("description"),
                    function.object("parameters").map(Fields::map).orElse(Map.of()), function.flag("strict"),
                    cacheControl(tool)));
        }
        return tools;
    }

    /**
     * A part's or a tool's prompt-cache breakpoint ({@code cache_control}, as OpenAI-compatible clients send
     * Anthropic's): an object with a {@code type}, passed as it came to providers that take breakpoints.
     */
    private static Optional<Map<String, Object>> cacheControl(Fields holder) {
        return holder.object("cache_control").map(control -> {
            control.requiredString("type");
            return control.map();
        });
    }

    private static Optional<ToolChoice> toolChoice(Fields root) {
        Object value = root.raw("tool_choice");
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String mode) {
            return Optional.of(switch (mode) {
                case "auto" -> ToolChoice.AUTO;
                case "none" -> ToolChoice.NONE;
                case "required" -> ToolChoice.REQUIRED;
                default -> throw invalid("tool_choice", "must be auto, none, required or a named function");
            });
        }
        Fields choice = root.object("tool_choice").orElseThrow();
        Fields function = choice.object("function").orElseThrow(() -> invalid("tool_choice.function", "is required"));
        return Optional.of(ToolChoice.function(function.requiredString("name")));
    }

    private static Optional<ResponseFormat> responseFormat(Fields root) {
        Optional<Fields> format = root.object("response_format");
        if (format.isEmpty()) {
            return Optional.empty();
        }
        String type = format.get().requiredString("type");
        return Optional.of(switch (type) {
            case "text" -> new ResponseFormat(ResponseFormat.Kind.TEXT, Optional.empty(), Map.of(), false);
            case "json_object" -> new ResponseFormat(ResponseFormat.Kind.JSON_OBJECT, Optional.empty(), Map.of(), false);
            case "json_schema" -> {
                Fields schema = format.get().object("json_schema")
                        .orElseThrow(() -> invalid("response_format.json_schema", "is required"));
                yield new ResponseFormat(ResponseFormat.Kind.JSON_SCHEMA, Optional.of(schema.requiredString("name")),
                        schema.object("schema").map(Fields::map).orElse(Map.of()),
                        schema.flag("strict").orElse(false));
            }
            default -> throw invalid("response_format.type", "must be text, json_object or json_schema");
        });
    }

    private static List<String> stop(Fields root) {
        Object value = root.raw("stop");
        if (value == null) {
            return List.of();
        }
        if (value instanceof String one) {
            return List.of(one);
        }
        List<Object> items = root.list("stop").orElseThrow(() -> invalid("stop", "must be a string or an array"));
        List<String> stops = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof String text)) {
                throw invalid("stop[" + i + "]", "must be a string");
            }
            stops.add(text);
        }
        return stops;
    }
}
