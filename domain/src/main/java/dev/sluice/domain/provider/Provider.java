package dev.sluice.domain.provider;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One upstream a gateway forwards to: its slug, its base URL and how a request path maps onto it.
 * Mapping refuses dot segments however they are encoded ({@link ProviderPath}), so a request can never
 * climb out of the provider's base path.
 */
public record Provider(ProviderSlug slug, String baseUrl, PathStyle style) {

    private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    public Provider {
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (style != PathStyle.IN_PROCESS) {
            baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
            URI.create(baseUrl.replace("{", "").replace("}", ""));
        }
    }

    public boolean inProcess() {
        return style == PathStyle.IN_PROCESS;
    }

    /** The upstream URL for {@code path} (the raw, still-encoded path after the slug) and query. */
    public URI resolve(String path, String rawQuery) {
        String relative = stripLeadingSlashes(path == null ? "" : path);
        ProviderPath.requireConfined(relative);
        String url = switch (style) {
            case APPEND -> baseUrl + relative;
            case OPTIONAL_V1 -> baseUrl + (relative.startsWith("v1/") ? relative.substring(3) : relative);
            case WORKERS_AI -> baseUrl + (relative.startsWith("v1/") || relative.startsWith("run/")
                    ? relative : "run/" + relative);
            case AZURE_DEPLOYMENT -> azure(relative);
            case IN_PROCESS -> throw new IllegalStateException("in-process provider " + slug + " has no URL");
        };
        if (url.contains("{")) {
            throw new GatewayException(ErrorCode.PROVIDER_NOT_CONFIGURED,
                    "Provider " + slug + " needs its base URL configured (sluice.providers." + slug + ".base-url)");
        }
        try {
            return URI.create(rawQuery == null || rawQuery.isEmpty() ? url : url + "?" + rawQuery);
        } catch (IllegalArgumentException e) {
            throw new GatewayException(ErrorCode.INVALID_PATH, "The provider path or query is not a valid URL");
        }
    }

    private String azure(String relative) {
        String[] parts = relative.split("/", 3);
        if (parts.length < 3 || !DNS_LABEL.matcher(parts[0]).matches() || parts[1].isEmpty()) {
            throw new GatewayException(ErrorCode.INVALID_PATH,
                    "azure-openai paths are {resource_name}/{deployment_name}/{path}");
        }
        return baseUrl.replace("{resource}", parts[0]).replace("{deployment}", parts[1]) + parts[2];
    }

    private static String stripLeadingSlashes(String path) {
        int start = 0;
        while (start < path.length() && path.charAt(start) == '/') {
            start++;
        }
        return path.substring(start);
    }
}
