package dev.sluice.domain.gateway;

import dev.sluice.domain.error.GatewayException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewaySettingsChangeTest {

    @Test
    void valuesGivenReplaceAndValuesLeftOutKeep() {
        GatewaySettings base = GatewaySettingsChange.of(GatewaySettings.defaults())
                .cacheTtl(60L).rateLimiting(60L, 10L, "sliding").apply();
        GatewaySettings changed = GatewaySettingsChange.of(base)
                .authentication(true).retry(3, null, "linear").apply();
        assertThat(changed.cacheTtlSeconds()).isEqualTo(60);
        assertThat(changed.rateLimitingTechnique()).isEqualTo(RateLimitTechnique.SLIDING);
        assertThat(changed.authentication()).isTrue();
        assertThat(changed.retryMaxAttempts()).isEqualTo(3);
        assertThat(changed.retryDelayMs()).isZero();
        assertThat(changed.retryBackoff()).isEqualTo(Backoff.LINEAR);
    }

    @Test
    void badValuesAreRefusedWithTheFieldNamed() {
        assertThatThrownBy(() -> GatewaySettingsChange.of(GatewaySettings.defaults()).retry(null, null, "random").apply())
                .isInstanceOf(GatewayException.class).hasMessageContaining("retry_backoff");
        assertThatThrownBy(() -> GatewaySettingsChange.of(GatewaySettings.defaults()).cacheTtl(-5L).apply())
                .hasMessageContaining("cache_ttl");
        assertThatThrownBy(() -> GatewaySettingsChange.of(GatewaySettings.defaults()).rateLimiting(0L, 5L, null).apply())
                .as("a limit without a window").isInstanceOf(GatewayException.class)
                .hasMessageContaining("rate_limiting_interval");
        assertThat(GatewaySettingsChange.of(GatewaySettings.defaults()).rateLimiting(0L, 0L, null).apply().rateLimited())
                .as("neither: no limit").isFalse();
    }
}
