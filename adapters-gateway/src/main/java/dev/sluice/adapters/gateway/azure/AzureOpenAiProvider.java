package dev.sluice.adapters.gateway.azure;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.provider.PathMapping;
import dev.sluice.domain.provider.ProviderProfile;
import dev.sluice.domain.provider.ProviderSlug;
import dev.sluice.domain.usage.ModelLocation;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Azure OpenAI: a path {@code {resource}/{deployment}/{rest}} fills the base URL's {@code {resource}}
 * (a host label, so a path cannot pick another host) and {@code {deployment}}; the deployment names the
 * model (a streamed answer names none the log could read). Usage is OpenAI's common object.
 */
public final class AzureOpenAiProvider implements ProviderProfile {

    private static final ProviderSlug SLUG = new ProviderSlug("azure-openai");
    private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    @Override
    public ProviderSlug slug() {
        return SLUG;
    }

    @Override
    public String defaultBaseUrl() {
        return "https://{resource}.openai.azure.com/openai/deployments/{deployment}/";
    }

    @Override
    public PathMapping paths() {
        return AzureOpenAiProvider::url;
    }

    @Override
    public List<ModelLocation> modelLocations() {
        return List.of(ModelLocation.pattern("(?:^|/)deployments/([^/?]+)"));
    }

    /** The gateway's own path, {@code {resource}/{deployment}/…}: a shape any provider's path has, so read on Azure's only. */
    @Override
    public List<ModelLocation> ownModelLocations() {
        return List.of(ModelLocation.pattern("^/*[^/]+/([^/?]+)/"));
    }

    private static String url(String baseUrl, String relative) {
        String[] parts = relative.split("/", 3);
        if (parts.length < 3 || !DNS_LABEL.matcher(parts[0]).matches() || parts[1].isEmpty()) {
            throw new GatewayException(ErrorCode.INVALID_PATH,
                    "azure-openai paths are {resource_name}/{deployment_name}/{path}");
        }
        return baseUrl.replace("{resource}", parts[0]).replace("{deployment}", parts[1]) + parts[2];
    }
}
