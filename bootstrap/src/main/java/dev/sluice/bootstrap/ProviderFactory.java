package dev.sluice.bootstrap;

import dev.sluice.adapters.gateway.RoutingProviderAdapter;
import dev.sluice.adapters.gateway.http.HttpProviderAdapter;
import dev.sluice.adapters.gateway.mock.MockProviderAdapter;
import dev.sluice.application.pipeline.CallProviderPort;
import dev.sluice.domain.provider.Provider;
import dev.sluice.domain.provider.ProviderCatalog;
import dev.sluice.domain.provider.ProviderSlug;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.RawHttpClient;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The providers: their catalog from configuration, and the adapters that call them. */
@Factory
final class ProviderFactory {

    private static final String PREFIX = "sluice.providers";
    private static final Pattern CUSTOM_ENV = Pattern.compile("SLUICE_PROVIDERS_CUSTOM_([A-Z0-9_]+)_BASE_URL");

    @Singleton
    ProviderCatalog providerCatalog(Environment environment,
                                    @Value("${sluice.workers-ai.account-id:}") String workersAiAccount) {
        Map<String, String> baseUrls = new LinkedHashMap<>();
        for (Provider known : ProviderCatalog.of(Map.of(), Optional.empty()).all()) {
            if (!known.inProcess()) {
                baseUrl(environment, known.slug().value()).ifPresent(url -> baseUrls.put(known.slug().value(), url));
            }
        }
        for (String name : environment.getPropertyEntries(PREFIX)) {
            if (name.startsWith("custom-")) {
                baseUrl(environment, name).ifPresent(url -> baseUrls.put(checkedCustomSlug(name), url));
            }
        }
        baseUrls.putAll(customProvidersFromEnvironment(System.getenv()));
        return ProviderCatalog.of(baseUrls, Optional.of(workersAiAccount));
    }

    @Singleton
    CallProviderPort callProvider(HttpClient client, JsonMapper json, Clock clock, MockConfiguration mock) {
        if (!(client instanceof RawHttpClient raw)) {
            throw new IllegalStateException("The HTTP client does not support raw exchanges: " + client.getClass());
        }
        return new RoutingProviderAdapter(new HttpProviderAdapter(raw),
                new MockProviderAdapter(json, clock, mock.latency(), mock.chunkDelay()));
    }

    /**
     * {@code SLUICE_PROVIDERS_CUSTOM_MY_LLM_BASE_URL} defines {@code custom-my-llm}. Read here because an
     * environment name cannot say which underscores were hyphens, so the property view of it is ambiguous.
     */
    static Map<String, String> customProvidersFromEnvironment(Map<String, String> environment) {
        Map<String, String> custom = new LinkedHashMap<>();
        environment.forEach((name, value) -> {
            Matcher matcher = CUSTOM_ENV.matcher(name);
            if (matcher.matches() && !value.isBlank()) {
                custom.put(checkedCustomSlug("custom-" + matcher.group(1).toLowerCase(Locale.ROOT).replace('_', '-')),
                        value);
            }
        });
        return custom;
    }

    private static Optional<String> baseUrl(Environment environment, String slug) {
        return environment.getProperty(PREFIX + "." + slug + ".base-url", String.class).filter(url -> !url.isBlank());
    }

    private static String checkedCustomSlug(String name) {
        try {
            return new ProviderSlug(name).value();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Custom provider '" + name
                    + "' must be named custom-{slug} with lower-case letters, digits and single hyphens");
        }
    }
}
