package dev.sluice.domain.provider;

import dev.sluice.domain.chat.ChatDialect;
import dev.sluice.domain.usage.ModelLocation;
import dev.sluice.domain.usage.UsageFormat;
import dev.sluice.domain.usage.UsageFraming;
import dev.sluice.domain.usage.UsageHeaders;

import java.util.List;
import java.util.Optional;

/**
 * Everything Sluice knows about one provider, kept in that provider's adapter package: where it is
 * reached and how paths map onto it, how its answers report tokens, and where its requests name the
 * model when the body does not. Bootstrap lists the profiles; the catalog, the usage reader and the model
 * locator are composed from them, so adding a provider is one package and one line there.
 */
public interface ProviderProfile {

    ProviderSlug slug();

    /** Where the provider is reached unless configuration says otherwise; may hold {@code {placeholders}}. */
    String defaultBaseUrl();

    PathMapping paths();

    /** The provider as this Sluice reaches it, at the configured base URL if there is one. */
    default Provider provider(Optional<String> configuredBaseUrl) {
        return new Provider(slug(), configuredBaseUrl.orElse(defaultBaseUrl()), paths());
    }

    /** How its answers report tokens beyond the common {@code usage} object ({@link UsageFormat#COMMON}). */
    default List<UsageFormat> usageFormats() {
        return List.of();
    }

    /** How its answers frame JSON when not as text (Bedrock's binary event stream), for reading their usage. */
    default List<UsageFraming> usageFramings() {
        return List.of();
    }

    /** How its answers report tokens in their headers (Bedrock's InvokeModel), read beside the body's. */
    default List<UsageHeaders> usageHeaders() {
        return List.of();
    }

    /** Where its request paths name the model, for requests whose body does not. */
    default List<ModelLocation> modelLocations() {
        return List.of();
    }

    /**
     * Where its request paths name the model in a shape only its own paths give that meaning to (Azure's
     * {@code {resource}/{deployment}/…}): read on its paths alone, before {@link #modelLocations()}.
     */
    default List<ModelLocation> ownModelLocations() {
        return List.of();
    }

    /**
     * How the unified API ({@code /compat}) talks chat and embeddings with it; empty when it cannot be
     * reached there.
     */
    default Optional<ChatDialect> chatDialect() {
        return Optional.empty();
    }

    /** A provider that speaks OpenAI's chat completions at {@code chat/completions} under its base URL. */
    static ProviderProfile openAiCompatible(String slug, String defaultBaseUrl, PathMapping paths) {
        ProviderProfile plain = of(slug, defaultBaseUrl, paths);
        ChatDialect dialect = ChatDialect.OpenAiCompatible.at("chat/completions", "embeddings");
        return new ProviderProfile() {
            @Override
            public ProviderSlug slug() {
                return plain.slug();
            }

            @Override
            public String defaultBaseUrl() {
                return defaultBaseUrl;
            }

            @Override
            public PathMapping paths() {
                return paths;
            }

            @Override
            public Optional<ChatDialect> chatDialect() {
                return Optional.of(dialect);
            }
        };
    }

    /** A provider with no knowledge beyond its URL: most OpenAI-compatible and media APIs. */
    static ProviderProfile of(String slug, String defaultBaseUrl, PathMapping paths) {
        ProviderSlug name = new ProviderSlug(slug);
        return new ProviderProfile() {
            @Override
            public ProviderSlug slug() {
                return name;
            }

            @Override
            public String defaultBaseUrl() {
                return defaultBaseUrl;
            }

            @Override
            public PathMapping paths() {
                return paths;
            }
        };
    }
}
