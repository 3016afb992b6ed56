package dev.sluice.domain.gateway;

import dev.sluice.domain.error.GatewayException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * Found by a probe: spend limits paused with {@code "enabled": false} came back on when a later change gave new
     * rules, an empty {@code spend_limits} or {@code "enabled": null}, though rules left out were kept. Left out,
     * {@code enabled} is kept as any other field is; a gateway that never had spend limits starts with them on.
     */
    @Test
    void spendLimitsLeftOutEnabledKeepsWhetherTheyArePaused() {
        Map<String, Object> rule = Map.of("id", "s1", "limit", 5, "window", 60);
        GatewaySettings paused = GatewaySettingsChange.of(GatewaySettings.defaults())
                .limits(null, Map.of("enabled", false, "rules", List.of(rule))).apply();
        Map<String, Object> enabledNull = new HashMap<>();
        enabledNull.put("enabled", null);
        for (Map<String, Object> spend : List.of(Map.<String, Object>of("rules", List.of(Map.of("id", "s2",
                "limit", 7, "window", 60))), Map.<String, Object>of(), enabledNull)) {
            GatewayLimits kept = GatewaySettingsChange.of(paused).limits(null, spend).apply().limits();
            assertThat(kept.spendEnabled()).as("after %s", spend).isFalse();
        }
        GatewayLimits fresh = GatewaySettingsChange.of(GatewaySettings.defaults())
                .limits(null, Map.of("rules", List.of(rule))).apply().limits();
        assertThat(fresh.spendEnabled()).as("a new gateway's spend limits are on").isTrue();
        assertThat(GatewaySettingsChange.of(paused).limits(null, Map.of("enabled", true)).apply().limits().spendEnabled())
                .isTrue();
    }
}
