package dev.sluice.domain.chat;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;

import java.util.Map;
import java.util.Objects;

/**
 * A unified API model name, {@code {provider}/{model}}: the provider's slug (Cloudflare's compat
 * prefixes, so {@code perplexity} for {@code perplexity-ai}) and the provider's own model name, which
 * may itself hold slashes ({@code workers-ai/@cf/meta/llama-3.2-3b-instruct}).
 */
public record CompatModel(String provider, String model) {

    private static final Map<String, String> PREFIXES = Map.of("perplexity", "perplexity-ai");
    private static final int MAX_IN_MESSAGE = 80;

    public CompatModel {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
    }

    /** @throws GatewayException (400) when the name has no {@code provider/} prefix or no model after it */
    public static CompatModel parse(String name) {
        int slash = name.indexOf('/');
        if (slash <= 0 || slash == name.length() - 1) {
            throw new GatewayException(ErrorCode.INVALID_BODY, "model: write it as {provider}/{model}, e.g. "
                    + "openai/gpt-4o-mini or workers-ai/@cf/meta/llama-3.2-3b-instruct; got '" + shortened(name) + "'");
        }
        String prefix = name.substring(0, slash);
        return new CompatModel(PREFIXES.getOrDefault(prefix, prefix), name.substring(slash + 1));
    }

    /** The name as a client writes it. */
    public String qualified() {
        return provider + "/" + model;
    }

    public static String shortened(String text) {
        return text.length() <= MAX_IN_MESSAGE ? text : text.substring(0, MAX_IN_MESSAGE) + "…";
    }
}
