package dev.sluice.adapters.gateway.bedrock;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.provider.PathMapping;
import dev.sluice.domain.provider.ProviderProfile;
import dev.sluice.domain.provider.ProviderSlug;
import dev.sluice.domain.usage.ModelLocation;
import dev.sluice.domain.usage.UsageFormat;
import dev.sluice.domain.usage.UsageFraming;
import dev.sluice.domain.usage.UsageHeaders;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amazon Bedrock, as Cloudflare's gateway reaches it: a path {@code bedrock-runtime/{region}/{rest}} goes to
 * {@code https://bedrock-runtime.{region}.amazonaws.com/{rest}} (the region is a host label, so a path cannot
 * pick another host). The client signs its request with SigV4 for that URL; the path, query and signature
 * headers pass unchanged, so the signature still holds. The model is in the path ({@code model/{modelId}/…},
 * percent-encoded as the AWS SDKs send it); usage is the Converse API's, an InvokeModel answer's token-count headers
 * and its model family's own fields, or the stream's invocation metrics, streams in AWS's binary event stream.
 */
public final class BedrockProvider implements ProviderProfile {

    private static final ProviderSlug SLUG = new ProviderSlug("aws-bedrock");
    private static final String SERVICE = "bedrock-runtime";
    private static final Pattern REGION = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+){1,5}");
    private static final Pattern MODEL = Pattern.compile("(?:^|/)model/([^/?]+)");

    @Override
    public ProviderSlug slug() {
        return SLUG;
    }

    @Override
    public String defaultBaseUrl() {
        return "https://bedrock-runtime.{region}.amazonaws.com/";
    }

    @Override
    public PathMapping paths() {
        return BedrockProvider::url;
    }

    @Override
    public List<UsageFormat> usageFormats() {
        return List.of(new BedrockUsage());
    }

    @Override
    public List<UsageFraming> usageFramings() {
        return List.of(new EventStreamDocuments());
    }

    @Override
    public List<UsageHeaders> usageHeaders() {
        return List.of(new BedrockUsageHeaders());
    }

    @Override
    public List<ModelLocation> modelLocations() {
        return List.of(BedrockProvider::model);
    }

    private static String url(String baseUrl, String relative) {
        String[] parts = relative.split("/", 3);
        if (parts.length < 3 || !parts[0].equals(SERVICE) || !REGION.matcher(parts[1]).matches()) {
            throw new GatewayException(ErrorCode.INVALID_PATH,
                    "aws-bedrock paths are bedrock-runtime/{region}/{path}, e.g. bedrock-runtime/us-east-1/model/{model}/converse");
        }
        return baseUrl.replace("{region}", parts[1]) + parts[2];
    }

    /** The model id, decoded: the SDKs send {@code anthropic.claude-3-haiku-20240307-v1%3A0}. */
    private static Optional<String> model(String path) {
        Matcher matcher = MODEL.matcher(path);
        if (!matcher.find()) {
            return Optional.empty();
        }
        String raw = matcher.group(1);
        try {
            return Optional.of(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException malformed) {
            return Optional.of(raw);
        }
    }
}
