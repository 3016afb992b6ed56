package dev.sluice.adapters.gateway.replicate;

import dev.sluice.adapters.gateway.ProviderContract;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Replicate's model location. */
class ReplicateProviderTest {

    private final ProviderContract contract = new ProviderContract(new ReplicateProvider());

    @Test
    void theModelIsInThePredictionsPath() {
        assertThat(contract.modelInPath("v1/models/black-forest-labs/flux-schnell/predictions"))
                .isEqualTo("black-forest-labs/flux-schnell");
        assertThat(contract.url("v1/models/black-forest-labs/flux-schnell/predictions", ""))
                .isEqualTo("https://api.replicate.com/v1/models/black-forest-labs/flux-schnell/predictions");
    }
}
