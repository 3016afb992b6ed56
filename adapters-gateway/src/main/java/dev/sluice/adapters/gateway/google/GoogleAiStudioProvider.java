package dev.sluice.adapters.gateway.google;

import dev.sluice.domain.chat.ChatDialect;
import dev.sluice.domain.provider.PathMapping;
import dev.sluice.domain.provider.ProviderProfile;
import dev.sluice.domain.provider.ProviderSlug;
import dev.sluice.domain.usage.ModelLocation;
import dev.sluice.domain.usage.UsageFormat;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static dev.sluice.domain.usage.UsageFields.object;

/**
 * Google AI Studio (Gemini): paths appended to its host; the model in the path
 * ({@code models/gemini…:generateContent}); usage in {@code usageMetadata}, repeated as running totals
 * in a stream, with thinking tokens billed as output.
 */
public final class GoogleAiStudioProvider implements ProviderProfile {

    private static final ProviderSlug SLUG = new ProviderSlug("google-ai-studio");
    private static final ChatDialect DIALECT = new GoogleChatDialect(Clock.systemUTC());

    @Override
    public ProviderSlug slug() {
        return SLUG;
    }

    @Override
    public String defaultBaseUrl() {
        return "https://generativelanguage.googleapis.com/";
    }

    @Override
    public PathMapping paths() {
        return PathMapping.APPEND;
    }

    @Override
    public List<UsageFormat> usageFormats() {
        return List.of(document -> object(document, "usageMetadata").flatMap(GoogleChatDialect::usage));
    }

    @Override
    public List<ModelLocation> modelLocations() {
        return List.of(ModelLocation.pattern("(?:^|/)models/([^/:?]+)(?::|$)"));
    }

    /** The Gemini API, translated for the unified API. */
    @Override
    public Optional<ChatDialect> chatDialect() {
        return Optional.of(DIALECT);
    }
}
