package dev.sluice.adapters.gateway.workersai;

import dev.sluice.domain.cache.CacheStatus;
import dev.sluice.domain.exchange.BodyExcerpt;
import dev.sluice.domain.generate.GenerationException;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a gateway's answer to a generation: the text of a Workers AI result ({@code result.response}) or
 * of an OpenAI-style completion, and, for an error, the most telling message its body has, whether it
 * is a provider's or the gateway's own envelope.
 */
public final class GenerationAnswers {

    public static final long MAX_BODY = 16L * 1024 * 1024;
    private final JsonMapper json;

    public GenerationAnswers(JsonMapper json) {
        this.json = json;
    }

    public String text(String provider, int status, byte[] body) {
        Optional<JsonNode> tree = parse(body);
        if (status < 200 || status > 299) {
            String message = tree.flatMap(GenerationAnswers::errorMessage).orElseGet(() -> excerpt(body));
            throw GenerationException.aiError(status, provider + " answered " + status + ": " + message);
        }
        return tree.flatMap(GenerationAnswers::generatedText).orElseThrow(() -> GenerationException.aiError(status,
                provider + " answered " + status + " without generated text: " + excerpt(body)));
    }

    public static CacheStatus cacheStatus(Optional<String> header) {
        return header.map(value -> value.trim().toUpperCase(Locale.ROOT))
                .flatMap(value -> {
                    for (CacheStatus status : CacheStatus.values()) {
                        if (status.name().equals(value)) {
                            return Optional.of(status);
                        }
                    }
                    return Optional.empty();
                })
                .orElse(CacheStatus.MISS);
    }

    private Optional<JsonNode> parse(byte[] body) {
        try {
            return Optional.ofNullable(json.readValue(body, JsonNode.class)).filter(JsonNode::isObject);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> generatedText(JsonNode root) {
        JsonNode result = root.get("result");
        if (result != null && result.isObject() && result.get("response") != null && result.get("response").isString()) {
            return Optional.of(result.get("response").getStringValue());
        }
        JsonNode choices = root.get("choices");
        if (choices != null && choices.isArray() && choices.size() > 0) {
            JsonNode message = choices.get(0).get("message");
            if (message != null && message.get("content") != null && message.get("content").isString()) {
                return Optional.of(message.get("content").getStringValue());
            }
        }
        return Optional.empty();
    }

    /** Cloudflare's {@code errors[]}/{@code error[]}, OpenAI's {@code error.message}, or a bare {@code message}. */
    private static Optional<String> errorMessage(JsonNode root) {
        for (String field : new String[] {"errors", "error"}) {
            JsonNode node = root.get(field);
            if (node != null && node.isArray() && node.size() > 0 && node.get(0).get("message") != null) {
                return Optional.of(node.get(0).get("message").coerceStringValue());
            }
            if (node != null && node.isObject() && node.get("message") != null) {
                return Optional.of(node.get("message").coerceStringValue());
            }
            if (node != null && node.isString()) {
                return Optional.of(node.getStringValue());
            }
        }
        return Optional.ofNullable(root.get("message")).map(JsonNode::coerceStringValue);
    }

    private static String excerpt(byte[] body) {
        String text = BodyExcerpt.of(body, 200);
        return text.isEmpty() ? "(empty body)" : text;
    }
}
