package dev.sluice.adapters.gateway.openai;

import dev.sluice.domain.chat.ChatDialect;
import dev.sluice.domain.provider.PathMapping;
import dev.sluice.domain.provider.ProviderProfile;
import dev.sluice.domain.provider.ProviderSlug;
import dev.sluice.domain.usage.UsageFormat;

import java.util.List;
import java.util.Optional;

/**
 * OpenAI: paths with or without their {@code v1/}; chat completions report usage in the common shape,
 * the Responses API in its own ({@link OpenAiResponsesUsage}). The model is always in the body.
 */
public final class OpenAiProvider implements ProviderProfile {

    private static final ProviderSlug SLUG = new ProviderSlug("openai");
    private static final ChatDialect DIALECT = ChatDialect.OpenAiCompatible.at("chat/completions", "embeddings");

    @Override
    public ProviderSlug slug() {
        return SLUG;
    }

    @Override
    public String defaultBaseUrl() {
        return "https://api.openai.com/v1/";
    }

    @Override
    public PathMapping paths() {
        return PathMapping.OPTIONAL_V1;
    }

    @Override
    public List<UsageFormat> usageFormats() {
        return List.of(new OpenAiResponsesUsage());
    }

    /** OpenAI's own format: the unified API passes requests through with only the model rewritten. */
    @Override
    public Optional<ChatDialect> chatDialect() {
        return Optional.of(DIALECT);
    }
}
