package dev.sluice.adapters.http.management;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.gateway.GatewaySettingsChange;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayRequestTest {

    private static final JsonMapper JSON = JsonMapper.createDefault();

    private static JsonNode body(String json) throws IOException {
        return JSON.readValue(json, JsonNode.class);
    }

    /** Found by a probe: a misspelt setting answered 200 and the setting was silently not made. */
    @Test
    void aFieldAGatewayDoesNotHaveIsRefusedNamingIt() {
        assertThatThrownBy(() -> GatewayRequest.of(body("{\"rate_limiting_interval\":60,\"rate_limitng_limit\":5}")))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_BODY);
                    assertThat(e.getMessage()).startsWith("rate_limitng_limit is not a field of a gateway; its fields are");
                });
    }

    /** Found by a probe: 10^20 was "not a whole number"; it is one, past the largest a setting holds. */
    @Test
    void aWholeNumberTooLargeIsSaidToBeSo() {
        assertThatThrownBy(() -> GatewayRequest.of(body("{\"rate_limiting_limit\":100000000000000000000}"))
                .applyTo(GatewaySettings.defaults()))
                .hasMessage("rate_limiting_limit must be at most 9223372036854775807");
        assertThatThrownBy(() -> GatewayRequest.of(body("{\"rate_limiting_limit\":1.5}")).applyTo(GatewaySettings.defaults()))
                .hasMessage("rate_limiting_limit must be a whole number");
        assertThatThrownBy(() -> GatewayRequest.of(body("{\"retry_delay\":1e99}")).applyTo(GatewaySettings.defaults()))
                .as("found by a probe: told the largest long, where its range is 0 to 5000")
                .hasMessage("retry_delay must be between 0 and 5000 (milliseconds)");
    }

    /** A gateway read from Cloudflare (or from Sluice) can be sent back as it is: its other fields are ignored. */
    @Test
    void cloudflaresOtherFieldsAndThoseOnlyAnAnswerHasAreAcceptedAndIgnored() throws IOException {
        GatewayRequest request = GatewayRequest.of(body("""
                {"id":"g","created_at":"2026-01-01T00:00:00Z","modified_at":"2026-01-01T00:00:00Z","is_default":false,
                 "cache_ttl":60,"guardrails":null,"dlp":{"enabled":false},"otel":null,"stripe":null,"store_id":null,
                 "workers_ai_billing_mode":"postpaid","zdr":false,"log_classification":false,"byok_only":false,
                 "account_id":"a","account_tag":"a","internal_id":"i"}
                """));
        assertThat(request.applyTo(GatewaySettings.defaults()).cacheTtlSeconds()).isEqualTo(60);
    }

    /**
     * Found by a probe: {@code "cache_ttl": null} answered 200 and left caching on, and a {@code logpush_public_key}
     * once set could never be removed ({@code null} was ignored, {@code ""} is too short). Cloudflare's gateway object
     * has both as nullable, with null meaning caching off and no key.
     */
    @Test
    void nullTurnsCachingOffAndRemovesTheLogpushKey() throws IOException {
        GatewaySettings base = GatewayRequest.of(body("""
                {"cache_ttl":60,"logpush":true,"logpush_public_key":"-----BEGIN PUBLIC KEY-----"}
                """)).applyTo(GatewaySettings.defaults());
        GatewaySettings changed = GatewayRequest.of(body("{\"cache_ttl\":null,\"logpush_public_key\":null}"))
                .applyTo(base);
        assertThat(changed.cacheTtlSeconds()).isZero();
        assertThat(changed.cachingEnabled()).isFalse();
        assertThat(changed.logpushPublicKey()).isEmpty();
        assertThat(changed.logpush()).as("only the key is removed").isTrue();
        assertThatThrownBy(() -> GatewayRequest.of(body("{\"logpush_public_key\":\"\"}")).applyTo(base))
                .hasMessage("logpush_public_key must be 16 to 1024 characters");
    }

    /**
     * Where Cloudflare's gateway object does not say what {@code null} means (the rate limit, retries, the log
     * strategy, spend limits) or has no null (its booleans), {@code null} is as if the field were left out.
     */
    @Test
    void nullWhereCloudflareGivesItNoMeaningKeepsTheValue() throws IOException {
        GatewaySettings base = GatewaySettingsChange.of(GatewaySettings.defaults())
                .cacheInvalidateOnUpdate(true).authentication(true).rateLimiting(60L, 10L, "sliding")
                .logManagement(20_000L, "DELETE_OLDEST").retry(3, 500, "linear")
                .limits(null, Map.of("rules", List.of(Map.of("id", "s1", "limit", 5, "window", 60)))).apply();
        GatewaySettings changed = GatewayRequest.of(body("""
                {"cache_invalidate_on_update":null,"collect_logs":null,"authentication":null,"logpush":null,
                 "rate_limiting_interval":null,"rate_limiting_limit":null,"rate_limiting_technique":null,
                 "log_management_strategy":null,"retry_max_attempts":null,"retry_delay":null,"retry_backoff":null,
                 "limits":null,"spend_limits":null}
                """)).applyTo(base);
        assertThat(changed).isEqualTo(base);
    }
}
