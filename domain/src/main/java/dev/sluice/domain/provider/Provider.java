package dev.sluice.domain.provider;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;

import java.net.URI;
import java.util.Objects;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One upstream a gateway forwards to: its slug, its base URL and how a request path maps onto it.
 * Mapping refuses dot segments however they are encoded ({@link ProviderPath}) before the provider's own
 * mapping sees the path, so a request can never climb out of the provider's base path. A base URL may hold
 * placeholders ({@code {account_id}}) that configuration fills; while one is left, a call is refused with 2107
 * naming it and {@code configureWith}, the setting that fills it.
 */
public record Provider(ProviderSlug slug, String baseUrl, PathMapping paths, String configureWith) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}]*}");

    public Provider {
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(paths, "paths");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(configureWith, "configureWith");
        if (paths != PathMapping.IN_PROCESS) {
            baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
            URI.create(baseUrl.replace("{", "").replace("}", ""));
        }
    }

    /** A provider whose placeholders, if any, only its base URL setting fills. */
    public Provider(ProviderSlug slug, String baseUrl, PathMapping paths) {
        this(slug, baseUrl, paths, "sluice.providers." + slug + ".base-url");
    }

    public boolean inProcess() {
        return paths == PathMapping.IN_PROCESS;
    }

    /**
     * Refuses a path with dot segments however they are encoded (400, 2108), for a provider answered in process too:
     * it has no base path to climb out of, but the rule is the gateway's, for every provider alike.
     */
    public void requireConfined(String path) {
        ProviderPath.requireConfined(stripLeadingSlashes(path == null ? "" : path));
    }

    /** The upstream URL for {@code path} (the raw, still-encoded path after the slug) and query. */
    public URI resolve(String path, String rawQuery) {
        if (inProcess()) {
            throw new IllegalStateException("in-process provider " + slug + " has no URL");
        }
        requireConfined(path);
        String relative = stripLeadingSlashes(path == null ? "" : path);
        String url = paths.url(baseUrl, relative);
        if (url.contains("{")) {
            String missing = PLACEHOLDER.matcher(baseUrl).results().map(MatchResult::group).distinct()
                    .collect(Collectors.joining(" and "));
            throw new GatewayException(ErrorCode.PROVIDER_NOT_CONFIGURED, "Provider " + slug + " is not configured: its base"
                    + " URL still has " + (missing.isEmpty() ? "a placeholder" : missing) + "; set " + configureWith);
        }
        try {
            return URI.create(rawQuery == null || rawQuery.isEmpty() ? url : url + "?" + rawQuery);
        } catch (IllegalArgumentException e) {
            throw new GatewayException(ErrorCode.INVALID_PATH, "The provider path or query is not a valid URL");
        }
    }

    private static String stripLeadingSlashes(String path) {
        int start = 0;
        while (start < path.length() && path.charAt(start) == '/') {
            start++;
        }
        return path.substring(start);
    }
}
