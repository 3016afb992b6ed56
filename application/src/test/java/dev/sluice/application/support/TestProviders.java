package dev.sluice.application.support;

import dev.sluice.domain.provider.PathMapping;
import dev.sluice.domain.provider.ProviderCatalog;
import dev.sluice.domain.provider.ProviderProfile;

import java.util.List;
import java.util.Map;

/** A provider catalog for the core's tests: OpenAI at its public URL, plus any custom providers given. */
public final class TestProviders {

    private TestProviders() {
    }

    public static ProviderCatalog catalog(Map<String, String> customBaseUrls) {
        return ProviderCatalog.of(List.of(ProviderProfile.of("openai", "https://api.openai.com/v1/",
                PathMapping.OPTIONAL_V1)), customBaseUrls);
    }
}
