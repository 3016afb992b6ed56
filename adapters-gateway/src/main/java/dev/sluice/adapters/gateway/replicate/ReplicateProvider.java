package dev.sluice.adapters.gateway.replicate;

import dev.sluice.domain.provider.PathMapping;
import dev.sluice.domain.provider.ProviderProfile;
import dev.sluice.domain.provider.ProviderSlug;
import dev.sluice.domain.usage.ModelLocation;
import dev.sluice.domain.usage.TokenUsage;
import dev.sluice.domain.usage.UsageFormat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.sluice.domain.usage.UsageFields.number;
import static dev.sluice.domain.usage.UsageFields.object;

/**
 * Replicate: the model is in the path ({@code models/{owner}/{name}/predictions}), not the body; a language model's
 * prediction reports its tokens in {@code metrics.input_token_count / output_token_count}.
 */
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
    public List<UsageFormat> usageFormats() {
        return List.of(document -> object(document, "metrics").flatMap(ReplicateProvider::usage));
    }

    private static Optional<TokenUsage> usage(Map<String, Object> metrics) {
        Optional<Long> input = number(metrics, "input_token_count");
        Optional<Long> output = number(metrics, "output_token_count");
        if (input.isEmpty() && output.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(TokenUsage.reported(input.orElse(0L), output.orElse(0L)));
    }

    @Override
    public List<ModelLocation> modelLocations() {
        return List.of(ModelLocation.pattern("(?:^|/)models/([^/?]+/[^/?]+)/predictions"));
    }
}
