package dev.sluice.adapters.gateway.anthropic;

import dev.sluice.adapters.gateway.dialect.DialectSupport;
import dev.sluice.domain.chat.ChatMessage;
import dev.sluice.domain.chat.ChatRequest;
import dev.sluice.domain.chat.ContentPart;
import dev.sluice.domain.chat.ReasoningEffort;
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
import java.util.Map;
import java.util.Optional;

/**
 * Writes a chat request as an Anthropic Messages API body: system instructions in {@code system}, the
 * conversation as alternating user and assistant turns (consecutive ones of a role merged; tool results
 * are {@code tool_result} blocks of a user turn, tool calls {@code tool_use} blocks), images as base64 or
 * URL sources, tools with {@code input_schema}, {@code max_tokens} (required by Anthropic) defaulted to
 * {@value #DEFAULT_MAX_TOKENS}, {@code reasoning_effort} as extended thinking. What Anthropic has no
 * field for ({@code n > 1}, {@code seed}, penalties, JSON response formats) is refused, naming the field.
 */
final class AnthropicRequests {

    static final int DEFAULT_MAX_TOKENS = 4096;
    /** The smallest {@code thinking.budget_tokens} Anthropic takes. */
    static final int LEAST_THINKING_BUDGET = 1024;
    private static final String PROVIDER = "anthropic";

    Map<String, Object> body(ChatRequest request) {
        refuseWhatAnthropicLacks(request);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", request.model());
        List<ContentPart.Text> system = request.systemTexts();
        if (!system.isEmpty()) {
            body.put("system", system.stream().anyMatch(text -> text.cacheControl().isPresent())
                    ? system.stream().map(AnthropicRequests::textBlock).toList()
                    : textOrBlocks(system.stream().map(ContentPart.Text::text).toList()));
        }
        body.put("messages", turns(request.messages()));
        Sampling sampling = request.sampling();
        tokens(request, body);
        sampling.temperature().ifPresent(value -> body.put("temperature", value));
        sampling.topP().ifPresent(value -> body.put("top_p", value));
        if (!request.stop().isEmpty()) {
            body.put("stop_sequences", request.stop());
        }
        if (!request.tools().isEmpty()) {
            body.put("tools", tools(request.tools()));
        }
        toolChoice(request).ifPresent(choice -> body.put("tool_choice", choice));
        request.user().ifPresent(user -> body.put("metadata", Map.of("user_id", user)));
        if (request.stream()) {
            body.put("stream", true);
        }
        DialectSupport.passOn(body, request.extra());
        return body;
    }

    /** {@code max_tokens}, and the thinking budget within it that {@code reasoning_effort} asks for. */
    private static void tokens(ChatRequest request, Map<String, Object> body) {
        int thinking = thinkingBudget(request);
        int maxTokens = request.sampling().maxTokens()
                .orElse(thinking > 0 ? thinking + DEFAULT_MAX_TOKENS : DEFAULT_MAX_TOKENS);
        if (thinking > 0 && thinking >= maxTokens) {
            // Anthropic takes a budget below max_tokens (which, like OpenAI's max_completion_tokens, holds the thinking
            // too) and of at least its least budget: the effort's budget is cut to half the cap, leaving the answer the
            // other half, or to the least budget; or the cap is too small for any.
            if (maxTokens <= LEAST_THINKING_BUDGET) {
                throw ChatRequest.unsupported("max_tokens", PROVIDER, "needs more than " + LEAST_THINKING_BUDGET
                        + " output tokens to think at all (its least thinking budget); raise it or leave out reasoning_effort");
            }
            thinking = Math.max(LEAST_THINKING_BUDGET, maxTokens / 2);
        }
        body.put("max_tokens", maxTokens);
        if (thinking > 0) {
            refuseWhatThinkingExcludes(request);
            body.put("thinking", Map.of("type", "enabled", "budget_tokens", thinking));
        }
    }

    private static void refuseWhatAnthropicLacks(ChatRequest request) {
        Sampling sampling = request.sampling();
        if (sampling.choices() > 1) {
            throw ChatRequest.unsupported("n", PROVIDER, "returns one choice per request; ask for n = 1");
        }
        if (sampling.seed().isPresent()) {
            throw ChatRequest.unsupported("seed", PROVIDER, "has no seed");
        }
        if (sampling.presencePenalty().filter(value -> value != 0).isPresent()) {
            throw ChatRequest.unsupported("presence_penalty", PROVIDER, "has no presence penalty");
        }
        if (sampling.frequencyPenalty().filter(value -> value != 0).isPresent()) {
            throw ChatRequest.unsupported("frequency_penalty", PROVIDER, "has no frequency penalty");
        }
        if (request.responseFormat().filter(format -> format.kind() != ResponseFormat.Kind.TEXT).isPresent()) {
            throw ChatRequest.unsupported("response_format", PROVIDER,
                    "has no JSON mode; describe the JSON in the prompt or ask for it through a tool");
        }
        if (request.conversation().isEmpty()) {
            throw ChatRequest.unsupported("messages", PROVIDER, "needs at least one message besides system ones");
        }
    }

    private static int thinkingBudget(ChatRequest request) {
        return request.reasoningEffort().map(effort -> switch (ReasoningEffort.of(effort, PROVIDER)) {
            case NONE -> 0;
            case MINIMAL, LOW -> LEAST_THINKING_BUDGET;
            case MEDIUM -> 4096;
            case HIGH -> 16384;
            // With the answer's default beside it, within the 32,000 output tokens of the Claude models with the least.
            case XHIGH -> 24576;
        }).orElse(0);
    }

    /**
     * What Anthropic refuses beside extended thinking (its "Extended thinking" guide): a temperature other than 1, a
     * {@code top_p} below 0.95, and a tool choice that forces a call. Refused here, naming the field, rather than
     * passed on for Anthropic's own 400.
     */
    private static void refuseWhatThinkingExcludes(ChatRequest request) {
        Sampling sampling = request.sampling();
        if (sampling.temperature().filter(value -> value != 1.0).isPresent()) {
            throw ChatRequest.unsupported("temperature", PROVIDER, "takes only 1 while it thinks (reasoning_effort); "
                    + "leave out one of them");
        }
        if (sampling.topP().filter(value -> value < 0.95).isPresent()) {
            throw ChatRequest.unsupported("top_p", PROVIDER, "takes 0.95 to 1 while it thinks (reasoning_effort); "
                    + "leave out one of them");
        }
        if (request.toolChoice().filter(choice -> choice.mode() == ToolChoice.Mode.REQUIRED
                || choice.mode() == ToolChoice.Mode.FUNCTION).isPresent()) {
            throw ChatRequest.unsupported("tool_choice", PROVIDER, "cannot be made to call a tool while it thinks "
                    + "(reasoning_effort); use auto or none, or leave out reasoning_effort");
        }
    }

    /** The turns, each message named by its index among all the client's messages (system ones included). */
    private static List<Map<String, Object>> turns(List<ChatMessage> messages) {
        List<Map<String, Object>> turns = new ArrayList<>();
        List<Integer> firsts = new ArrayList<>();
        String role = null;
        List<Object> blocks = null;
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            if (message.role() == Role.SYSTEM) {
                continue;
            }
            String next = message.role() == Role.ASSISTANT ? "assistant" : "user";
            if (!next.equals(role)) {
                blocks = new ArrayList<>();
                role = next;
                Map<String, Object> turn = new LinkedHashMap<>();
                turn.put("role", role);
                turn.put("content", blocks);
                turns.add(turn);
                firsts.add(i);
            }
            blocks.addAll(blocks(message, "messages[" + i + "]"));
        }
        DialectSupport.refuseEmptyTurns(turns, firsts, "content", "assistant", PROVIDER);
        return turns;
    }

    /** Parts of text as Anthropic takes them: none or one as a string, several as text blocks, each apart. */
    private static Object textOrBlocks(List<String> parts) {
        if (parts.size() <= 1) {
            return parts.isEmpty() ? "" : parts.get(0);
        }
        List<Object> blocks = new ArrayList<>();
        for (String part : parts) {
            blocks.add(Map.of("type", "text", "text", part));
        }
        return blocks;
    }

    private static List<Object> blocks(ChatMessage message, String field) {
        List<Object> blocks = new ArrayList<>();
        if (message.role() == Role.TOOL) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("type", "tool_result");
            result.put("tool_use_id", message.toolCallId().orElseThrow());
            result.put("content", textOrBlocks(message.textParts()));
            blocks.add(result);
            return blocks;
        }
        // Anthropic checks the signed thinking of the turn before a tool result, and wants it first in its turn.
        for (ThinkingBlock thought : message.thinkingBlocks()) {
            blocks.add(thought.redacted() ? Map.of("type", "redacted_thinking", "data", thought.data())
                    : Map.of("type", "thinking", "thinking", thought.thinking(), "signature", thought.signature()));
        }
        for (ContentPart part : message.content()) {
            if (part instanceof ContentPart.Text text) {
                if (!text.text().isEmpty()) {
                    blocks.add(textBlock(text));
                }
            } else {
                blocks.add(image((ContentPart.Image) part));
            }
        }
        List<ToolCall> calls = message.toolCalls();
        for (int j = 0; j < calls.size(); j++) {
            ToolCall call = calls.get(j);
            Map<String, Object> use = new LinkedHashMap<>();
            use.put("type", "tool_use");
            use.put("id", call.id());
            use.put("name", call.name());
            use.put("input", DialectSupport.arguments(call.arguments(),
                    field + ".tool_calls[" + j + "].function.arguments", PROVIDER));
            blocks.add(use);
        }
        return blocks;
    }

    /** A text block, with the client's cache breakpoint after it where it set one. */
    private static Map<String, Object> textBlock(ContentPart.Text text) {
        if (text.cacheControl().isEmpty()) {
            return Map.of("type", "text", "text", text.text());
        }
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("type", "text");
        block.put("text", text.text());
        block.put("cache_control", text.cacheControl().get());
        return block;
    }

    private static Map<String, Object> image(ContentPart.Image image) {
        Map<String, Object> source = new LinkedHashMap<>();
        if (image.isInline()) {
            source.put("type", "base64");
            source.put("media_type", image.mediaType().orElse("image/png"));
            source.put("data", image.data().orElseThrow());
        } else {
            source.put("type", "url");
            source.put("url", image.url().orElseThrow());
        }
        return Map.of("type", "image", "source", source);
    }

    private static List<Map<String, Object>> tools(List<ToolDefinition> tools) {
        List<Map<String, Object>> written = new ArrayList<>();
        for (ToolDefinition tool : tools) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", tool.name());
            tool.description().ifPresent(description -> entry.put("description", description));
            entry.put("input_schema", tool.parameters().isEmpty() ? Map.of("type", "object") : tool.parameters());
            tool.cacheControl().ifPresent(control -> entry.put("cache_control", control));
            written.add(entry);
        }
        return written;
    }

    /**
     * The request's tool choice, and OpenAI's {@code parallel_tool_calls: false} as Anthropic's
     * {@code disable_parallel_tool_use} on it (on {@code auto} when the client chose nothing; a choice of no tool
     * has no calls to limit).
     */
    private static Optional<Map<String, Object>> toolChoice(ChatRequest request) {
        Optional<ToolChoice> chosen = request.toolChoice();
        boolean oneAtATime = !request.parallelToolCalls() && !request.tools().isEmpty()
                && chosen.map(choice -> choice.mode() != ToolChoice.Mode.NONE).orElse(true);
        if (!oneAtATime) {
            return chosen.map(AnthropicRequests::toolChoice);
        }
        Map<String, Object> written = new LinkedHashMap<>(toolChoice(chosen.orElse(ToolChoice.AUTO)));
        written.put("disable_parallel_tool_use", true);
        return Optional.of(written);
    }

    private static Map<String, Object> toolChoice(ToolChoice choice) {
        return switch (choice.mode()) {
            case AUTO -> Map.of("type", "auto");
            case NONE -> Map.of("type", "none");
            case REQUIRED -> Map.of("type", "any");
            case FUNCTION -> Map.of("type", "tool", "name", choice.function().orElseThrow());
        };
    }
}
