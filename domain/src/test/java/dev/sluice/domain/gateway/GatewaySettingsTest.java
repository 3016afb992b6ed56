package dev.sluice.domain.gateway;

import dev.sluice.domain.error.GatewayException;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewaySettingsTest {

    private static GatewaySettings with(long cacheTtl, OptionalLong logCap, int attempts, int delay) {
        return new GatewaySettings(cacheTtl, false, true, 0, 0, RateLimitTechnique.FIXED, false, logCap,
                LogManagementStrategy.STOP_INSERTING, false, Optional.empty(), attempts, delay, Backoff.CONSTANT);
    }

    @Test
    void defaultsCollectLogsAndTurnTheRestOff() {
        GatewaySettings defaults = GatewaySettings.defaults();
        assertThat(defaults.collectLogs()).isTrue();
        assertThat(defaults.cachingEnabled()).isFalse();
        assertThat(defaults.rateLimited()).isFalse();
        assertThat(defaults.authentication()).isFalse();
    }

    @Test
    void refusesValuesOutsideCloudflaresRanges() {
        assertThatThrownBy(() -> with(-1, OptionalLong.empty(), 1, 0)).isInstanceOf(GatewayException.class)
                .hasMessageContaining("cache_ttl");
        assertThatThrownBy(() -> with(0, OptionalLong.of(5), 1, 0)).hasMessageContaining("log_management");
        assertThatThrownBy(() -> with(0, OptionalLong.empty(), 6, 0)).hasMessageContaining("retry_max_attempts");
        assertThatThrownBy(() -> with(0, OptionalLong.empty(), 1, 6000)).hasMessageContaining("retry_delay");
    }

    @Test
    void aRateLimitIntervalLongerThanALimitsLongestWindowIsRefusedNotOverflowedOnEveryRequest() {
        assertThatThrownBy(() -> new GatewaySettings(0, false, true, 9_223_372_036_854_776L, 1, RateLimitTechnique.FIXED,
                false, OptionalLong.empty(), LogManagementStrategy.STOP_INSERTING, false, Optional.empty(), 1, 0,
                Backoff.CONSTANT)).isInstanceOf(GatewayException.class).hasMessageContaining("rate_limiting_interval");
        assertThat(new GatewaySettings(0, false, true, LimitRulesReader.MAX_WINDOW_SECONDS, 1, RateLimitTechnique.FIXED,
                false, OptionalLong.empty(), LogManagementStrategy.STOP_INSERTING, false, Optional.empty(), 1, 0,
                Backoff.CONSTANT).rateLimited()).isTrue();
    }

    @Test
    void wireEnumsParseEitherCaseAndNameTheAllowedValues() {
        assertThat(RateLimitTechnique.fromWire("Sliding")).isEqualTo(RateLimitTechnique.SLIDING);
        assertThat(LogManagementStrategy.fromWire("delete_oldest")).isEqualTo(LogManagementStrategy.DELETE_OLDEST);
        assertThatThrownBy(() -> RateLimitTechnique.fromWire("leaky")).hasMessageContaining("fixed, sliding");
    }

    @Test
    void gatewayIdsFollowCloudflaresPattern() {
        assertThat(GatewayId.isValid("my-gateway_1")).isTrue();
        assertThat(GatewayId.isValid("My-Gateway")).isFalse();
        assertThat(GatewayId.isValid("a--b")).isFalse();
        assertThat(GatewayId.isValid("x".repeat(65))).isFalse();
    }
}
