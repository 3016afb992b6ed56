package dev.sluice.domain.usage;

import dev.sluice.domain.json.JsonObjectReader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads token usage from a provider's response body, whole JSON or a server-sent event stream, in every
 * format Sluice's providers use:
 * <ul>
 * <li>OpenAI and OpenAI-compatible: {@code usage.prompt_tokens / completion_tokens}, cached tokens in
 * {@code prompt_tokens_details.cached_tokens}; in a stream, the final chunk of
 * {@code stream_options.include_usage}; the Responses API's {@code usage.input_tokens / output_tokens}.</li>
 * <li>Anthropic: {@code usage.input_tokens / output_tokens / cache_read_input_tokens /
 * cache_creation_input_tokens}; in a stream, {@code message_start.message.usage} and
 * {@code message_delta.usage}.</li>
 * <li>Workers AI: {@code result.usage}, or the last event's {@code usage} in a stream.</li>
 * <li>Google: {@code usageMetadata.promptTokenCount / candidatesTokenCount / cachedContentTokenCount}.</li>
 * <li>Cohere: {@code usage.tokens} or {@code usage.billed_units} (v2), {@code meta.billed_units} (v1),
 * and the stream's {@code message-end} event.</li>
 * </ul>
 * Every JSON document in the body is read and the reports merged, so a format is recognised by its
 * shape wherever the provider puts it.
 */
public final class UsageReader {

    private final JsonObjectReader json;

    public UsageReader(JsonObjectReader json) {
        this.json = json;
    }

    /** Empty when the body reports no usage (or is not JSON), so the caller can count tokens itself. */
    public Optional<TokenUsage> read(byte[] body) {
        Optional<TokenUsage> found = Optional.empty();
        for (String document : documents(new String(body, StandardCharsets.UTF_8))) {
            Map<String, Object> root;
            try {
                root = json.readObject(document);
            } catch (IllegalArgumentException e) {
                continue;
            }
            Optional<TokenUsage> here = fromDocument(root);
            if (here.isPresent()) {
                found = Optional.of(found.map(previous -> previous.merge(here.get())).orElse(here.get()));
            }
        }
        return found;
    }

    /** The body itself when it is one JSON object, else every {@code data:} payload of an event stream. */
    static List<String> documents(String body) {
        String trimmed = body.strip();
        if (trimmed.startsWith("{")) {
            return List.of(trimmed);
        }
        List<String> documents = new ArrayList<>();
        StringBuilder data = new StringBuilder();
        for (String line : body.split("\r?\n", -1)) {
            if (line.startsWith("data:")) {
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
            } else if (line.isEmpty() && !data.isEmpty()) {
                documents.add(data.toString());
                data.setLength(0);
            }
        }
        if (!data.isEmpty()) {
            documents.add(data.toString());
        }
        return documents.stream().map(String::strip).filter(d -> d.startsWith("{")).toList();
    }

    private static Optional<TokenUsage> fromDocument(Map<String, Object> root) {
        List<TokenUsage> reports = new ArrayList<>();
        object(root, "usage").flatMap(UsageReader::usageObject).ifPresent(reports::add);
        object(root, "message").flatMap(message -> object(message, "usage")).flatMap(UsageReader::usageObject)
                .ifPresent(reports::add);
        object(root, "result").flatMap(result -> object(result, "usage")).flatMap(UsageReader::usageObject)
                .ifPresent(reports::add);
        object(root, "response").flatMap(response -> object(response, "usage")).flatMap(UsageReader::usageObject)
                .ifPresent(reports::add);
        object(root, "usageMetadata").flatMap(UsageReader::google).ifPresent(reports::add);
        object(root, "meta").flatMap(meta -> object(meta, "billed_units")).flatMap(UsageReader::usageObject)
                .ifPresent(reports::add);
        object(root, "delta").flatMap(delta -> object(delta, "usage")).flatMap(UsageReader::usageObject)
                .ifPresent(reports::add);
        return reports.stream().reduce(TokenUsage::merge);
    }

    /** The usage objects of OpenAI, Anthropic, Workers AI and Cohere, told apart by their field names. */
    private static Optional<TokenUsage> usageObject(Map<String, Object> usage) {
        Optional<Map<String, Object>> cohere = object(usage, "tokens").or(() -> object(usage, "billed_units"));
        if (cohere.isPresent()) {
            return usageObject(cohere.get());
        }
        Optional<Long> input = number(usage, "prompt_tokens").or(() -> number(usage, "input_tokens"));
        Optional<Long> output = number(usage, "completion_tokens").or(() -> number(usage, "output_tokens"));
        if (input.isEmpty() && output.isEmpty()) {
            return Optional.empty();
        }
        long cacheRead = number(usage, "cache_read_input_tokens")
                .or(() -> object(usage, "prompt_tokens_details").flatMap(d -> number(d, "cached_tokens")))
                .or(() -> object(usage, "input_tokens_details").flatMap(d -> number(d, "cached_tokens")))
                .orElse(0L);
        long cacheWrite = number(usage, "cache_creation_input_tokens").orElse(0L);
        boolean anthropicStyle = usage.containsKey("cache_read_input_tokens")
                || usage.containsKey("cache_creation_input_tokens");
        // Anthropic counts cache reads and writes apart from input_tokens; the others include them.
        long totalInput = input.orElse(0L) + (anthropicStyle ? cacheRead + cacheWrite : 0);
        return Optional.of(new TokenUsage(totalInput, output.orElse(0L), cacheRead, cacheWrite, false));
    }

    private static Optional<TokenUsage> google(Map<String, Object> metadata) {
        Optional<Long> input = number(metadata, "promptTokenCount");
        Optional<Long> output = number(metadata, "candidatesTokenCount");
        if (input.isEmpty() && output.isEmpty()) {
            return Optional.empty();
        }
        long thoughts = number(metadata, "thoughtsTokenCount").orElse(0L);
        return Optional.of(new TokenUsage(input.orElse(0L), output.orElse(0L) + thoughts,
                number(metadata, "cachedContentTokenCount").orElse(0L), 0, false));
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map<String, Object>> object(Map<String, Object> parent, String field) {
        return parent.get(field) instanceof Map<?, ?> map ? Optional.of((Map<String, Object>) map) : Optional.empty();
    }

    private static Optional<Long> number(Map<String, Object> parent, String field) {
        if (parent.get(field) instanceof Number n) {
            long value = n.longValue();
            return value >= 0 ? Optional.of(value) : Optional.empty();
        }
        return Optional.empty();
    }
}
