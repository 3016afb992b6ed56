package dev.sluice.domain.cache;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CacheHeadersTest {

    private static CacheDirectives parse(String... nameValues) {
        Header[] headers = new Header[nameValues.length / 2];
        for (int i = 0; i < headers.length; i++) {
            headers[i] = new Header(nameValues[2 * i], nameValues[2 * i + 1]);
        }
        return CacheHeaders.parse(new Headers(List.of(headers)));
    }

    private static void assertRefused(String name, String value, String mentions) {
        assertThatThrownBy(() -> parse(name, value)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_HEADER);
            assertThat(e.getMessage()).contains(name).contains(mentions);
        });
    }

    @Test
    void ttlIsWholeSecondsHeldBetweenAMinuteAndAMonth() {
        assertThat(parse("cf-aig-cache-ttl", "3600").ttl()).contains(Duration.ofHours(1));
        assertThat(parse("cf-aig-cache-ttl", "0").ttl()).contains(Duration.ZERO);
        assertThat(parse("cf-aig-cache-ttl", "1").ttl()).contains(Duration.ofSeconds(60));
        assertThat(parse("cf-aig-cache-ttl", "59").ttl()).contains(Duration.ofSeconds(60));
        assertThat(parse("cf-aig-cache-ttl", "99999999999999999999999").ttl()).contains(Duration.ofDays(30));
        assertThat(parse("cf-aig-cache-ttl", "2592001").ttl()).contains(Duration.ofDays(30));
        assertRefused("cf-aig-cache-ttl", "-5", "negative");
        assertRefused("cf-aig-cache-ttl", "1.5", "whole number");
        assertRefused("cf-aig-cache-ttl", "soon", "whole number");
        assertRefused("cf-aig-cache-ttl", "", "whole number");
    }

    @Test
    void deprecatedAliasesWorkAndTheCurrentNameWins() {
        assertThat(parse("cf-cache-ttl", "120").ttl()).contains(Duration.ofSeconds(120));
        assertThat(parse("cf-cache-ttl", "120", "cf-aig-cache-ttl", "300").ttl()).contains(Duration.ofSeconds(300));
        assertThat(parse("cf-skip-cache", "true").skipLookup()).isTrue();
        assertThat(parse("cf-aig-skip-cache", "TRUE").skipLookup()).isTrue();
        assertThat(parse("cf-aig-skip-cache", "false").skipLookup()).isFalse();
        assertRefused("cf-skip-cache", "yes", "true or false");
    }

    @Test
    void aCacheKeyMustBeNonBlankAndBounded() {
        assertThat(parse("cf-aig-cache-key", "my key").key()).contains("my key");
        assertRefused("cf-aig-cache-key", " ", "empty");
        assertRefused("cf-aig-cache-key", "k".repeat(1025), "1024");
    }

    @Test
    void theDecisionFollowsGatewayAndRequest() {
        GatewaySettings off = GatewaySettings.defaults();
        CacheDirectives none = CacheDirectives.NONE;
        assertThat(CacheDecision.decide(off, none, "POST").mode()).isEqualTo(CacheDecision.Mode.OFF);
        assertThat(CacheDecision.decide(off, new CacheDirectives(Optional.empty(), Optional.of("k"), false), "POST"))
                .isEqualTo(new CacheDecision(CacheDecision.Mode.USE, Duration.ofMinutes(5)));
        assertThat(CacheDecision.decide(off, new CacheDirectives(Optional.of(Duration.ofSeconds(90)), Optional.empty(),
                false), "post")).isEqualTo(new CacheDecision(CacheDecision.Mode.USE, Duration.ofSeconds(90)));
        assertThat(CacheDecision.decide(off, new CacheDirectives(Optional.of(Duration.ofSeconds(90)), Optional.empty(),
                false), "DELETE").mode()).isEqualTo(CacheDecision.Mode.OFF);
        assertThat(CacheDecision.decide(off, new CacheDirectives(Optional.of(Duration.ZERO), Optional.of("k"), true),
                "POST").statusWithoutLookup()).isEqualTo(CacheStatus.MISS);
        assertThat(CacheDecision.decide(off, new CacheDirectives(Optional.empty(), Optional.empty(), true), "POST")
                .statusWithoutLookup()).isEqualTo(CacheStatus.BYPASS);
    }
}
