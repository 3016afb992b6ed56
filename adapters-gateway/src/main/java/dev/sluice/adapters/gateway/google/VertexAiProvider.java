package dev.sluice.adapters.gateway.google;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.provider.PathMapping;
import dev.sluice.domain.provider.ProviderProfile;
import dev.sluice.domain.provider.ProviderSlug;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Google Vertex AI: a path {@code v1/projects/{project}/locations/{region}/…} goes to the region's host,
 * {@code https://{region}-aiplatform.googleapis.com/} with the path unchanged ({@code aiplatform.googleapis.com}
 * for the {@code global} location). The region is a host label, so a path cannot pick another host. Gemini's
 * answers and paths are read as Google AI Studio's are (their usage format and model location serve both), and
 * Anthropic's models there answer in Anthropic's format.
 */
public final class VertexAiProvider implements ProviderProfile {

    private static final ProviderSlug SLUG = new ProviderSlug("google-vertex-ai");
    private static final Pattern LOCATION = Pattern.compile(
            "^v1(?:beta1)?/projects/[^/]+/locations/([a-z0-9]+(?:-[a-z0-9]+){0,5})(?:/|$)");
    private static final String GLOBAL = "global";

    @Override
    public ProviderSlug slug() {
        return SLUG;
    }

    @Override
    public String defaultBaseUrl() {
        return "https://{region}-aiplatform.googleapis.com/";
    }

    @Override
    public PathMapping paths() {
        return VertexAiProvider::url;
    }

    private static String url(String baseUrl, String relative) {
        Matcher location = LOCATION.matcher(relative);
        if (!location.find()) {
            throw new GatewayException(ErrorCode.INVALID_PATH, "google-vertex-ai paths are"
                    + " v1/projects/{project}/locations/{region}/publishers/{publisher}/models/{model}:{method}");
        }
        String region = location.group(1);
        String host = region.equals(GLOBAL) ? baseUrl.replace("{region}-", "").replace("{region}", GLOBAL)
                : baseUrl.replace("{region}", region);
        return host + relative;
    }
}
