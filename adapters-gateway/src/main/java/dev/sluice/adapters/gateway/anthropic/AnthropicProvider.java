package dev.sluice.adapters.gateway.anthropic;

import dev.sluice.domain.provider.PathMapping;
import dev.sluice.domain.provider.ProviderProfile;
import dev.sluice.domain.provider.ProviderSlug;
import dev.sluice.domain.usage.UsageFormat;

import java.util.List;

/** Anthropic: paths appended to its host ({@code v1/messages}); usage in its own shape. */
public final class AnthropicProvider implements ProviderProfile {

    private static final ProviderSlug SLUG = new ProviderSlug("anthropic");

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
}
