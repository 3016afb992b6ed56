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
 * Cohere: paths appended to its host; usage in {@code usage} (v2), {@code meta} (v1; in a v1 stream, whose events are
 * JSON lines, the {@code stream-end} event's {@code response.meta}), and the v2 stream's {@code message-end} event's
 * {@code delta.usage}. Each holds {@code billed_units} and {@code tokens}; the billed units are read, from v1 and v2
 * alike, and {@code tokens} only where they are missing: Cohere bills those ("How does Cohere's pricing work?"), and
 * {@code tokens} also counts what Cohere adds to a prompt under the hood, which it does not charge for, so cost is
 * computed against the billed units and the same answer logs the same tokens whichever version served it.
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
                .flatMap(CohereProvider::usage);
        Optional<TokenUsage> streamEnd = object(document, "delta").flatMap(delta -> object(delta, "usage"))
                .flatMap(CohereProvider::usage);
        return v2.or(() -> v1).or(() -> streamEnd);
    }

    /** A v2 {@code usage} or a v1 {@code meta}: its billed units, else its tokens. */
    static Optional<TokenUsage> usage(Map<String, Object> usage) {
        return object(usage, "billed_units").flatMap(CohereProvider::counts)
                .or(() -> object(usage, "tokens").flatMap(CohereProvider::counts));
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
