package dev.sluice.adapters.gateway.mock;

import dev.sluice.domain.provider.PathMapping;
import dev.sluice.domain.provider.ProviderProfile;
import dev.sluice.domain.provider.ProviderSlug;

/** The {@code mock} provider's place in the catalog: answered in process by {@link MockProviderAdapter}. */
public final class MockProvider implements ProviderProfile {

    public static final String SLUG = "mock";
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
}
