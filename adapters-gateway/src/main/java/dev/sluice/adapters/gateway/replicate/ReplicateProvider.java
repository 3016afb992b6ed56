package dev.sluice.adapters.gateway.replicate;

import dev.sluice.domain.provider.PathMapping;
import dev.sluice.domain.provider.ProviderProfile;
import dev.sluice.domain.provider.ProviderSlug;
import dev.sluice.domain.usage.ModelLocation;

import java.util.List;

/** Replicate: the model is in the path ({@code models/{owner}/{name}/predictions}), not the body. */
public final class ReplicateProvider implements ProviderProfile {

    private static final ProviderSlug SLUG = new ProviderSlug("replicate");

    @Override
    public ProviderSlug slug() {
        return SLUG;
    }

    @Override
    public String defaultBaseUrl() {
        return "https://api.replicate.com/v1/";
    }

    @Override
    public PathMapping paths() {
        return PathMapping.OPTIONAL_V1;
    }

    @Override
    public List<ModelLocation> modelLocations() {
        return List.of(ModelLocation.pattern("(?:^|/)models/([^/?]+/[^/?]+)/predictions"));
    }
}
