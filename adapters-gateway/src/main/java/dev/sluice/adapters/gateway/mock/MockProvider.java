package dev.sluice.adapters.gateway.mock;

import dev.sluice.domain.chat.ChatDialect;
import dev.sluice.domain.provider.PathMapping;
import dev.sluice.domain.provider.ProviderProfile;
import dev.sluice.domain.provider.ProviderSlug;

import java.util.List;
import java.util.Optional;

/** The {@code mock} provider's place in the catalog: answered in process by {@link MockProviderAdapter}. */
public final class MockProvider implements ProviderProfile {

    public static final String SLUG = "mock";
    /** Models the unified API lists for the mock: it answers any model name, these are examples. */
    public static final List<String> MODELS = List.of("gpt-4o-mini", "@cf/meta/llama-3.1-8b-instruct");
    private static final ChatDialect DIALECT = new ChatDialect.OpenAiCompatible("v1/chat/completions",
            Optional.empty());
    private static final ProviderSlug NAME = new ProviderSlug(SLUG);

    @Override
    public ProviderSlug slug() {
        return NAME;
    }

    @Override
    public String defaultBaseUrl() {
        return "";
    }

    @Override
    public PathMapping paths() {
        return PathMapping.IN_PROCESS;
    }

    /** The mock speaks OpenAI's chat completions, so the unified API passes requests through to it. */
    @Override
    public Optional<ChatDialect> chatDialect() {
        return Optional.of(DIALECT);
    }
}
