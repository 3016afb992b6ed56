package dev.sluice.domain.provider;

import dev.sluice.domain.error.GatewayException;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every provider this Sluice can forward to: the known ones (from their profiles) at their configured
 * base URLs, and the custom ones. A value built once at startup; looking a provider up is a map read.
 */
public final class ProviderCatalog {

    private final Map<ProviderSlug, Provider> providers;

    private ProviderCatalog(Map<ProviderSlug, Provider> providers) {
        this.providers = Collections.unmodifiableMap(providers);
    }

    /**
     * @param known            the providers Sluice ships, each from its own adapter package
     * @param baseUrlOverrides configured base URLs by slug; a {@code custom-…} slug adds a custom provider
     */
    public static ProviderCatalog of(List<ProviderProfile> known, Map<String, String> baseUrlOverrides) {
        Map<ProviderSlug, ProviderProfile> profiles = new LinkedHashMap<>();
        known.forEach(profile -> profiles.put(profile.slug(), profile));
        baseUrlOverrides.forEach((slugName, baseUrl) -> {
            ProviderSlug slug = new ProviderSlug(slugName);
            ProviderProfile profile = profiles.get(slug);
            if (profile == null && !slug.isCustom()) {
                throw new IllegalArgumentException("Unknown provider '" + slugName
                        + "' in configuration; custom providers are named custom-{slug}");
            }
            if (profile != null && profile.paths() == PathMapping.IN_PROCESS) {
                throw new IllegalArgumentException("The " + slugName + " provider has no base URL to override");
            }
        });
        Map<ProviderSlug, Provider> providers = new LinkedHashMap<>();
        profiles.forEach((slug, profile) ->
                providers.put(slug, profile.provider(Optional.ofNullable(baseUrlOverrides.get(slug.value())))));
        baseUrlOverrides.forEach((slugName, baseUrl) -> {
            ProviderSlug slug = new ProviderSlug(slugName);
            if (!profiles.containsKey(slug)) {
                providers.put(slug, new Provider(slug, baseUrl, PathMapping.APPEND));
            }
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
