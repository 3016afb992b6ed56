package dev.sluice.application.gateway;

import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.gateway.GatewaySettingsChange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderFiltersTest {

    private final ProviderFilters filters = new ProviderFilters(Set.of("openai", "anthropic")::contains);

    private static GatewaySettings limitedTo(String... providers) {
        Map<String, Object> filter = Map.of("mode", "filter", "values", List.of(providers));
        return GatewaySettingsChange.of(GatewaySettings.defaults())
                .limits(List.of(Map.of("id", "r", "count", "requests", "limit", 1, "window", 60, "provider", filter)),
                        Map.of("rules", List.of(Map.of("id", "s", "limit", 1, "window", 60, "provider", filter))))
                .apply();
    }

    @Test
    void aRuleFilteredToAProviderNotServedIsRefusedNamingItsField() {
        assertThatThrownBy(() -> filters.check(GatewaySettings.defaults(), limitedTo("openai", "opnai")))
                .isInstanceOf(GatewayException.class)
                .hasMessage("limits[0].provider 'opnai' is not a provider Sluice serves (a rule filtered to it would"
                        + " never count a request)");
        assertThatCode(() -> filters.check(GatewaySettings.defaults(), limitedTo("openai", "anthropic")))
                .doesNotThrowAnyException();
    }

    @Test
    void aProviderTheRulesAlreadyNamedStaysAcceptedSoOtherChangesDoNotFail() {
        GatewaySettings before = limitedTo("openai", "custom-gone");
        assertThatCode(() -> filters.check(before, limitedTo("custom-gone"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> filters.check(limitedTo("openai"), limitedTo("custom-gone")))
                .hasMessageStartingWith("limits[0].provider 'custom-gone'");
    }
}
