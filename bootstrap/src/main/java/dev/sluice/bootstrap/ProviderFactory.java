package dev.sluice.bootstrap;

import dev.sluice.adapters.gateway.anthropic.AnthropicProvider;
import dev.sluice.adapters.gateway.azure.AzureOpenAiProvider;
import dev.sluice.adapters.gateway.bedrock.BedrockProvider;
import dev.sluice.adapters.gateway.cohere.CohereProvider;
import dev.sluice.adapters.gateway.google.GoogleAiStudioProvider;
import dev.sluice.adapters.gateway.google.VertexAiProvider;
import dev.sluice.adapters.gateway.mock.MockProvider;
import dev.sluice.adapters.gateway.mock.MockProviderAdapter;
import dev.sluice.adapters.gateway.openai.OpenAiProvider;
import dev.sluice.adapters.gateway.replicate.ReplicateProvider;
import dev.sluice.adapters.gateway.transport.HttpProviderAdapter;
import dev.sluice.adapters.gateway.transport.ProviderConnections;
import dev.sluice.adapters.gateway.transport.RoutingProviderAdapter;
import dev.sluice.adapters.gateway.workersai.WorkersAiProvider;
import dev.sluice.adapters.http.json.SerdeJsonObjectReader;
import dev.sluice.application.pipeline.CallProviderPort;
import dev.sluice.domain.exchange.ParsedBodies;
import dev.sluice.domain.provider.PathMapping;
import dev.sluice.domain.provider.Provider;
import dev.sluice.domain.provider.ProviderCatalog;
import dev.sluice.domain.provider.ProviderProfile;
import dev.sluice.domain.provider.ProviderSlug;
import dev.sluice.domain.usage.ModelLocation;
import dev.sluice.domain.usage.ModelLocator;
import dev.sluice.domain.usage.UsageReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.RawHttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.netty.NettyClientCustomizer;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The providers: one line each below (a provider with knowledge of its own has its package in
 * adapters-gateway; one that only has a URL is a line here), their catalog from configuration, the usage
 * reader and model locator composed of their parts, and the adapters that call them.
 */
@Factory
final class ProviderFactory {

    private static final String PREFIX = "sluice.providers";
    private static final Pattern CUSTOM_ENV = Pattern.compile("SLUICE_PROVIDERS_CUSTOM_([A-Z0-9_]+)_BASE_URL");

    /** The base URLs are Cloudflare's provider registry's; each can be overridden by configuration. */
    static List<ProviderProfile> profiles(Optional<String> workersAiAccount) {
        return List.of(
                new OpenAiProvider(),
                new AnthropicProvider(),
                new WorkersAiProvider(workersAiAccount),
                new AzureOpenAiProvider(),
                new GoogleAiStudioProvider(),
                new VertexAiProvider(),
                new BedrockProvider(),
                ProviderProfile.openAiCompatible("groq", "https://api.groq.com/openai/v1/",
                        PathMapping.optional("openai/v1/", "v1/")),
                ProviderProfile.openAiCompatible("mistral", "https://api.mistral.ai/v1/", PathMapping.OPTIONAL_V1),
                new CohereProvider(),
                ProviderProfile.openAiCompatible("deepseek", "https://api.deepseek.com/", PathMapping.APPEND),
                ProviderProfile.openAiCompatible("perplexity-ai", "https://api.perplexity.ai/", PathMapping.APPEND),
                ProviderProfile.openAiCompatible("openrouter", "https://openrouter.ai/api/v1/", PathMapping.OPTIONAL_V1),
                ProviderProfile.openAiCompatible("cerebras", "https://api.cerebras.ai/v1/", PathMapping.OPTIONAL_V1),
                ProviderProfile.openAiCompatible("grok", "https://api.x.ai/v1/", PathMapping.OPTIONAL_V1),
                ProviderProfile.of("huggingface", "https://api-inference.huggingface.co/models/", PathMapping.APPEND),
                new ReplicateProvider(),
                ProviderProfile.openAiCompatible("fireworks", "https://api.fireworks.ai/inference/v1/", PathMapping.OPTIONAL_V1),
                ProviderProfile.of("elevenlabs", "https://api.elevenlabs.io/", PathMapping.APPEND),
                ProviderProfile.of("cartesia", "https://api.cartesia.ai/", PathMapping.APPEND),
                ProviderProfile.of("ideogram", "https://api.ideogram.ai/", PathMapping.APPEND),
                ProviderProfile.of("fal", "https://fal.run/", PathMapping.APPEND),
                new MockProvider());
    }

    /** The profiles as one bean: a bean of type {@code List<ProviderProfile>} would read as "every profile bean". */
    record Profiles(List<ProviderProfile> all) {
    }

    @Singleton
    Profiles providerProfiles(@Value("${sluice.workers-ai.account-id:}") String workersAiAccount) {
        return new Profiles(profiles(Optional.of(workersAiAccount)));
    }

    @Singleton
    UsageReader usageReader(Profiles profiles, JsonMapper json) {
        return new UsageReader(new SerdeJsonObjectReader(json),
                profiles.all().stream().flatMap(profile -> profile.usageFormats().stream()).toList(),
                profiles.all().stream().flatMap(profile -> profile.usageFramings().stream()).toList(),
                profiles.all().stream().flatMap(profile -> profile.usageHeaders().stream()).toList());
    }

    @Singleton
    ModelLocator modelLocator(Profiles profiles, JsonMapper json) {
        Map<String, List<ModelLocation>> own = new LinkedHashMap<>();
        profiles.all().stream().filter(profile -> !profile.ownModelLocations().isEmpty())
                .forEach(profile -> own.put(profile.slug().value(), profile.ownModelLocations()));
        return new ModelLocator(new SerdeJsonObjectReader(json),
                profiles.all().stream().flatMap(profile -> profile.modelLocations().stream()).toList(), own);
    }

    @Singleton
    ProviderCatalog providerCatalog(Environment environment, Profiles profiles) {
        Map<String, String> baseUrls = new LinkedHashMap<>();
        for (ProviderProfile known : profiles.all()) {
            if (known.paths() != PathMapping.IN_PROCESS) {
                baseUrl(environment, known.slug().value()).ifPresent(url -> baseUrls.put(known.slug().value(), url));
            }
        }
        for (String name : environment.getPropertyEntries(PREFIX)) {
            if (name.startsWith("custom-")) {
                baseUrl(environment, name).ifPresent(url -> baseUrls.put(checkedCustomSlug(name), url));
            }
        }
        baseUrls.putAll(customProvidersFromEnvironment(System.getenv()));
        return ProviderCatalog.of(profiles.all(), baseUrls);
    }

    /**
     * The provider calls: Micronaut's client, whose read timeout is {@code sluice.upstream-timeout}, and the same client
     * with a read timeout of the longest {@code cf-aig-request-timeout} ({@code provider-long-wait} in application.yml)
     * for a request that sets one longer than that.
     */
    @Singleton
    CallProviderPort callProvider(HttpClient client, @Client(id = "provider-long-wait") HttpClient longWait,
                                  @Value("${sluice.upstream-timeout}") Duration upstreamTimeout,
                                  NettyClientCustomizer.Registry customizers, JsonMapper json,
                                  Clock clock, MockConfiguration mock, ParsedBodies bodies, MeterRegistry registry) {
        ProviderConnections connections = new ProviderConnections();
        customizers.register(connections);
        // Rare (a provider's close of an idle connection crossing a request), so the counter is found when needed.
        Consumer<Provider> resent = provider -> Counter.builder("sluice.provider.resends")
                .description("Calls sent again on another connection after a pooled one the provider had closed")
                .tag("provider", provider.slug().value()).register(registry).increment();
        return new RoutingProviderAdapter(new HttpProviderAdapter(raw(client), raw(longWait), upstreamTimeout,
                connections, resent), new MockProviderAdapter(json, clock, mock.latency(), mock.chunkDelay(), bodies));
    }

    private static RawHttpClient raw(HttpClient client) {
        if (!(client instanceof RawHttpClient raw)) {
            throw new IllegalStateException("The HTTP client does not support raw exchanges: " + client.getClass());
        }
        return raw;
    }

    /** What the unified API, the universal endpoint and the mock read as JSON, one body and all at once (README, "Keys"). */
    @Singleton
    ParsedBodies parsedBodies(@Value("${sluice.server.max-parsed-body-size}") long maxBytes,
                              @Value("${sluice.server.parsed-body-budget}") long budgetBytes) {
        return new ParsedBodies(maxBytes, budgetBytes);
    }

    /** The providers a configured gateway's rules may filter to: the known ones and the {@code custom-*} ones set up. */
    static java.util.function.Predicate<String> served(Environment environment,
                                                        Profiles profiles) {
        Set<String> served = new java.util.HashSet<>();
        profiles.all().forEach(profile -> served.add(profile.slug().value()));
        environment.getPropertyEntries("sluice.providers").stream().filter(slug -> slug.startsWith("custom-"))
                .forEach(served::add);
        served.addAll(customProvidersFromEnvironment(System.getenv()).keySet());
        return served::contains;
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
