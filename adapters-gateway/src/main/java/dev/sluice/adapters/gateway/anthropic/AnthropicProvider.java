package dev.sluice.adapters.gateway.anthropic;

import dev.sluice.domain.chat.ChatDialect;
import dev.sluice.domain.provider.PathMapping;
import dev.sluice.domain.provider.ProviderProfile;
import dev.sluice.domain.provider.ProviderSlug;
import dev.sluice.domain.usage.UsageFormat;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Anthropic: paths appended to its host ({@code v1/messages}); usage in its own shape. */
public final class AnthropicProvider implements ProviderProfile {

    private static final ProviderSlug SLUG = new ProviderSlug("anthropic");
    private static final ChatDialect DIALECT = new AnthropicChatDialect(Clock.systemUTC());

    @Override
    public ProviderSlug slug() {
        return SLUG;
    }

    @Override
    public String defaultBaseUrl() {
        return "https://api.anthropic.com/";
    }

    @Override
    public PathMapping paths() {
        return PathMapping.APPEND;
    }

    @Override
    public List<UsageFormat> usageFormats() {
        return List.of(new AnthropicUsage());
    }

    /** The Messages API, translated for the unified API. */
    @Override
    public Optional<ChatDialect> chatDialect() {
        return Optional.of(DIALECT);
    }
}
