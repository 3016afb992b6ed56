package dev.sluice.domain.provider;

import dev.sluice.domain.error.GatewayException;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every provider this Sluice can forward to: the known ones with their configured base URLs, and the
 * custom ones. A value built once at startup; looking a provider up is a map read.
 */
public final class ProviderCatalog {

    private final Map<ProviderSlug, Provider> providers;

    private ProviderCatalog(Map<ProviderSlug, Provider> providers) {
        this.providers = Collections.unmodifiableMap(providers);
    }

    /**
     * @param baseUrlOverrides configured base URLs by slug; a {@code custom-…} slug adds a custom provider
     * @param workersAiAccountId the Cloudflare account that Workers AI requests run under, if configured
     */
    public static ProviderCatalog of(Map<String, String> baseUrlOverrides, Optional<String> workersAiAccountId) {
        Map<ProviderSlug, Provider> providers = new LinkedHashMap<>();
        for (Provider known : KnownProviders.defaults()) {
            providers.put(known.slug(), known);
        }
        baseUrlOverrides.forEach((slugName, baseUrl) -> {
            ProviderSlug slug = new ProviderSlug(slugName);
            Provider known = providers.get(slug);
            if (known == null && !slug.isCustom()) {
                throw new IllegalArgumentException("Unknown provider '" + slugName
                        + "' in configuration; custom providers are named custom-{slug}");
            }
            PathStyle style = known == null ? PathStyle.APPEND : known.style();
            if (style == PathStyle.IN_PROCESS) {
                throw new IllegalArgumentException("The " + slugName + " provider has no base URL to override");
            }
            providers.put(slug, new Provider(slug, baseUrl, style));
        });
        workersAiAccountId.filter(id -> !id.isBlank()).ifPresent(accountId -> {
            ProviderSlug slug = new ProviderSlug(KnownProviders.WORKERS_AI);
            Provider workersAi = providers.get(slug);
            providers.put(slug, new Provider(slug,
                    workersAi.baseUrl().replace(KnownProviders.WORKERS_AI_ACCOUNT_PLACEHOLDER, accountId),
                    workersAi.style()));
        });
        return new ProviderCatalog(providers);
    }

    public Optional<Provider> find(String slug) {
        try {
            return Optional.ofNullable(providers.get(new ProviderSlug(slug)));
        } catch (GatewayException invalidSlug) {
            return Optional.empty();
        }
    }

    public Collection<Provider> all() {
        return providers.values();
    }
}
