package dev.sluice.adapters.gateway.cohere;

import dev.sluice.domain.chat.ChatDialect;
import dev.sluice.domain.provider.PathMapping;
import dev.sluice.domain.provider.ProviderProfile;
import dev.sluice.domain.provider.ProviderSlug;
import dev.sluice.domain.usage.TokenUsage;
import dev.sluice.domain.usage.UsageFormat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.sluice.domain.usage.UsageFields.number;
import static dev.sluice.domain.usage.UsageFields.object;

/**
 * Cohere: paths appended to its host; usage in {@code usage.tokens} (preferred: what the model saw) or
 * {@code usage.billed_units} (v2), {@code meta.billed_units} (v1; in a v1 stream, whose events are JSON lines, the
 * {@code stream-end} event's {@code response.meta}), and the v2 stream's {@code message-end} event's
 * {@code delta.usage}.
 */
public final class CohereProvider implements ProviderProfile {

    private static final ProviderSlug SLUG = new ProviderSlug("cohere");
    private static final ChatDialect DIALECT = new CohereChatDialect(Clock.systemUTC());

    @Override
    public ProviderSlug slug() {
        return SLUG;
    }

    @Override
    public String defaultBaseUrl() {
        return "https://api.cohere.ai/";
    }

    @Override
    public PathMapping paths() {
        return PathMapping.APPEND;
    }

    @Override
    public List<UsageFormat> usageFormats() {
        return List.of(CohereProvider::read);
    }

    private static Optional<TokenUsage> read(Map<String, Object> document) {
        Optional<TokenUsage> v2 = object(document, "usage").flatMap(CohereProvider::usage);
        Optional<TokenUsage> v1 = object(document, "meta")
                .or(() -> object(document, "response").flatMap(response -> object(response, "meta")))
                .flatMap(meta -> object(meta, "billed_units"))
                .flatMap(CohereProvider::counts);
        Optional<TokenUsage> streamEnd = object(document, "delta").flatMap(delta -> object(delta, "usage"))
                .flatMap(CohereProvider::usage);
        return v2.or(() -> v1).or(() -> streamEnd);
    }

    private static Optional<TokenUsage> usage(Map<String, Object> usage) {
        return object(usage, "tokens").or(() -> object(usage, "billed_units")).flatMap(CohereProvider::counts);
    }

    private static Optional<TokenUsage> counts(Map<String, Object> counts) {
        Optional<Long> input = number(counts, "input_tokens");
        Optional<Long> output = number(counts, "output_tokens");
        if (input.isEmpty() && output.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(TokenUsage.reported(input.orElse(0L), output.orElse(0L)));
    }

    /** Cohere's v2 chat and embed, translated for the unified API. */
    @Override
    public Optional<ChatDialect> chatDialect() {
        return Optional.of(DIALECT);
    }
}
