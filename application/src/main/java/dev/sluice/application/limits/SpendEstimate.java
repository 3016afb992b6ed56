package dev.sluice.application.limits;

import dev.sluice.application.log.CountTokensPort;
import dev.sluice.application.pipeline.Exchange;
import dev.sluice.domain.cost.Cost;
import dev.sluice.domain.cost.PriceTable;
import dev.sluice.domain.gateway.LimitRule;
import dev.sluice.domain.json.JsonObjectReader;
import dev.sluice.domain.usage.TextReader;
import dev.sluice.domain.usage.TokenUsage;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What a request will cost at most, reserved against spend limits before it is sent: its input counted
 * with the model's tokenizer, its output at the request's own cap (the largest of {@code max_tokens},
 * {@code max_completion_tokens}, {@code max_output_tokens} and Gemini's {@code generationConfig.maxOutputTokens}
 * it sets: whichever of them the provider, or the unified API's translation, goes by, the estimate is not
 * below it), or {@code defaultOutputTokens} when it has none, plus the largest thinking budget Sluice asks a
 * provider for when it sets {@code reasoning_effort} without a cap; priced from the caller's custom cost or the
 * price table. A model without a price costs nothing and so is never held back by a spend limit.
 */
public final class SpendEstimate {

    private static final List<String> OUTPUT_CAPS = List.of("max_tokens", "max_completion_tokens",
            "max_output_tokens");
    /**
     * The largest thinking budget the unified API's dialects ask for ({@code reasoning_effort: high} on Gemini),
     * which a request without its own cap may spend on top of its visible output.
     */
    static final long LARGEST_THINKING_BUDGET = 24_576;

    private final PriceTable prices;
    private final CountTokensPort tokenizer;
    private final JsonObjectReader json;
    private final TextReader text;
    private final long defaultOutputTokens;

    /** The longest prompt, in chars, whose tokens are counted for an estimate: a longer one is estimated from its bytes. */
    static final int TOKENIZED_AT_MOST = 256 * 1024;

    public SpendEstimate(PriceTable prices, CountTokensPort tokenizer, JsonObjectReader json, long defaultOutputTokens) {
        this.prices = prices;
        this.tokenizer = tokenizer;
        this.json = json;
        this.text = new TextReader(json);
        this.defaultOutputTokens = defaultOutputTokens;
    }

    long nanodollars(Exchange exchange, String provider, String model) {
        var price = prices.find(provider, model);
        if (price.isEmpty() && exchange.customCost().isEmpty()) {
            return 0;
        }
        Map<String, Object> request = parsed(exchange.call().body());
        String prompt = text.read(request);
        // On the request's event loop: a tokenizer still loading (the first use after startup) is not waited
        // for, and a long prompt is not tokenized there (milliseconds of the loop for each few hundred KB); the
        // input is then counted as a third of its UTF-8 bytes, which over-counts most text.
        long input = (prompt.length() > TOKENIZED_AT_MOST ? OptionalLong.empty()
                : tokenizer.countTokensIfReady(model, prompt))
                .orElseGet(() -> (prompt.getBytes(StandardCharsets.UTF_8).length + 2) / 3);
        TokenUsage usage = new TokenUsage(input, outputCap(request), 0, 0, true);
        Cost cost = exchange.customCost().map(custom -> custom.cost(usage)).orElseGet(() -> Cost.of(usage, price.get()));
        return LimitRule.nanodollars(cost.usd());
    }

    /** The request, parsed once for both its text and its output cap (empty when it is not a JSON object). */
    private Map<String, Object> parsed(byte[] body) {
        try {
            return json.readObject(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }

    private long outputCap(Map<String, Object> request) {
        long largest = 0;
        for (String field : OUTPUT_CAPS) {
            largest = Math.max(largest, cap(request.get(field)));
        }
        if (request.get("generationConfig") instanceof Map<?, ?> config) {
            largest = Math.max(largest, cap(config.get("maxOutputTokens")));
        }
        if (largest > 0) {
            return largest;
        }
        return request.get("reasoning_effort") != null ? defaultOutputTokens + LARGEST_THINKING_BUDGET
                : defaultOutputTokens;
    }

    private static long cap(Object value) {
        return value instanceof Number cap ? Math.max(0, cap.longValue()) : 0;
    }
}
