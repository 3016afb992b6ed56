package dev.sluice.adapters.gateway.replicate;

import dev.sluice.adapters.gateway.ProviderContract;

import dev.sluice.domain.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Replicate's model location and usage. */
class ReplicateProviderTest {

    private final ProviderContract contract = new ProviderContract(new ReplicateProvider());

    @Test
    void theModelIsInThePredictionsPath() {
        assertThat(contract.modelInPath("v1/models/black-forest-labs/flux-schnell/predictions"))
                .isEqualTo("black-forest-labs/flux-schnell");
        assertThat(contract.url("v1/models/black-forest-labs/flux-schnell/predictions", ""))
                .isEqualTo("https://api.replicate.com/v1/models/black-forest-labs/flux-schnell/predictions");
    }

    @Test
    void aLanguageModelsPredictionReportsItsTokensInItsMetrics() {
        assertThat(contract.usage("""
                {"id":"p1","model":"meta/meta-llama-3-8b-instruct","status":"succeeded","output":["Hi"],
                "metrics":{"input_token_count":9,"output_token_count":3,"predict_time":0.4,"tokens_per_second":7.5}}
                """)).contains(TokenUsage.reported(9, 3));
        assertThat(contract.usage("""
                {"id":"p2","status":"succeeded","output":"https://x/img.png","metrics":{"predict_time":1.2}}
                """)).isEmpty();
    }
}
