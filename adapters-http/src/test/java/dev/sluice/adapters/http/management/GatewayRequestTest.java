package dev.sluice.adapters.http.management;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.GatewaySettings;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;

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
}
