package dev.sluice.domain.policy;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.Backoff;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.json.JsonObjectReader;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayHeadersTest {

    /** A stand-in JSON reader: these tests are about the rules, not about parsing JSON. */
    private static JsonObjectReader returning(Map<String, Object> value) {
        return json -> value;
    }

    private static RequestPolicy parse(Map<String, Object> metadata, String... headers) {
        List<Header> list = new java.util.ArrayList<>();
        for (int i = 0; i < headers.length; i += 2) {
            list.add(new Header(headers[i], headers[i + 1]));
        }
        return GatewayHeaders.parse(new Headers(list), returning(metadata));
    }

    private static void assertInvalid(Runnable parse, String fragment) {
        assertThatThrownBy(parse::run).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_HEADER);
            assertThat(e.getMessage()).contains(fragment);
        });
    }

    @Test
    void noHeadersLeaveTheGatewaySettingsInForce() {
        RequestPolicy policy = parse(Map.of());
        assertThat(policy).isEqualTo(RequestPolicy.NONE);
        assertThat(policy.retryPolicy(GatewaySettings.defaults())).isEqualTo(RetryPolicy.NONE);
    }

    /** The declared cost is read with the other headers, so every caller that checks them checks it too. */
    @Test
    void aCustomCostIsPartOfThePolicyAndABadOneIsRefusedWithTheRest() {
        RequestPolicy policy = parse(Map.of("total_cost", 0.25), "cf-aig-custom-cost", "{…}");
        assertThat(policy.customCost()).hasValueSatisfying(cost -> assertThat(cost.total()).contains(new BigDecimal("0.25")));
        assertInvalid(() -> parse(Map.of("per_token_in", -1), "cf-aig-custom-cost", "{…}"), "cf-aig-custom-cost");
    }

    @Test
    void acceptsFlatMetadataOfPrimitives() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("team", "AI");
        metadata.put("user", 12345);
        metadata.put("score", 0.5);
        metadata.put("test", true);
        RequestPolicy policy = parse(metadata, "cf-aig-metadata", "{…}");
        assertThat(policy.metadata().entries())
                .containsEntry("team", "AI").containsEntry("user", 12345L)
                .containsEntry("score", new BigDecimal("0.5")).containsEntry("test", true);
    }

    @Test
    void refusesNestedMetadata() {
        assertInvalid(() -> parse(Map.of("a", Map.of("b", 1)), "cf-aig-metadata", "{}"), "is an object");
        assertInvalid(() -> parse(Map.of("a", List.of(1)), "cf-aig-metadata", "{}"), "array");
    }

    @Test
    void refusesNumbersThatAreNotFinite() {
        assertInvalid(() -> parse(Map.of("a", Double.POSITIVE_INFINITY), "cf-aig-metadata", "{}"), "finite");
    }

    @Test
    void refusesMoreThanFiveMetadataEntries() {
        Map<String, Object> six = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            six.put("k" + i, i);
        }
        assertInvalid(() -> parse(six, "cf-aig-metadata", "{}"), "at most 5");
    }

    /** No log store keeps a NUL in text: with PostgreSQL the entry could never be written. */
    /** Found by a probe: an emoji counted as two characters, so 600 of them were "longer than 1024 characters". */
    @Test
    void metadataLengthsAreCountedInCharactersNotUtf16Units() {
        String emoji = "\uD83D\uDE00";
        assertThat(parse(Map.of("v", emoji.repeat(1024)), "cf-aig-metadata", "{}").metadata().entries()).hasSize(1);
        assertInvalid(() -> parse(Map.of("v", emoji.repeat(1025)), "cf-aig-metadata", "{}"), "longer than 1024");
        assertThat(parse(Map.of(emoji.repeat(128), 1), "cf-aig-metadata", "{}").metadata().entries()).hasSize(1);
        assertInvalid(() -> parse(Map.of(emoji.repeat(129), 1), "cf-aig-metadata", "{}"), "1 to 128 characters");
    }

    @Test
    void refusesANulCharacterInMetadata() {
        assertInvalid(() -> parse(Map.of("user", "a\0b"), "cf-aig-metadata", "{}"), "value of 'user' holds a NUL");
        assertInvalid(() -> parse(Map.of("us\0er", "ab"), "cf-aig-metadata", "{}"), "holds a NUL");
    }

    @Test
    void refusesReservedMetadataKeys() {
        assertInvalid(() -> parse(Map.of("cf.user_id", "x"), "cf-aig-metadata", "{}"), "reserved");
    }

    @Test
    void refusesMetadataThatIsNotAnObject() {
        JsonObjectReader failing = json -> {
            throw new IllegalArgumentException("nope");
        };
        assertInvalid(() -> GatewayHeaders.parse(new Headers(List.of(new Header("cf-aig-metadata", "[1]"))), failing),
                "must be a JSON object");
    }

    @Test
    void requestRetryHeadersOverrideTheGateway() {
        RequestPolicy policy = parse(Map.of(), "cf-aig-max-attempts", "3", "cf-aig-retry-delay", "250",
                "cf-aig-backoff", "exponential", "cf-aig-request-timeout", "1500");
        RetryPolicy retry = policy.retryPolicy(GatewaySettings.defaults());
        assertThat(retry).isEqualTo(new RetryPolicy(3, Duration.ofMillis(250), Backoff.EXPONENTIAL));
        assertThat(policy.requestTimeout()).contains(Duration.ofMillis(1500));
    }

    @Test
    void refusesNumbersOutOfRangeOrNotWhole() {
        assertInvalid(() -> parse(Map.of(), "cf-aig-max-attempts", "6"), "between 1 and 5");
        assertInvalid(() -> parse(Map.of(), "cf-aig-retry-delay", "5001"), "between 0 and 5000");
        assertInvalid(() -> parse(Map.of(), "cf-aig-request-timeout", "1.5"), "whole number");
        assertInvalid(() -> parse(Map.of(), "cf-aig-request-timeout", "+500"), "whole number");
        assertInvalid(() -> parse(Map.of(), "cf-aig-max-attempts", "+2"), "whole number");
        // Found by a probe: Long.parseLong reads any script's digits, so these were 1000 ms and 3 attempts.
        assertInvalid(() -> parse(Map.of(), "cf-aig-request-timeout", "\u0661\u0660\u0660\u0660"), "whole number");
        assertInvalid(() -> parse(Map.of(), "cf-aig-max-attempts", "\u0663"), "whole number");
        assertInvalid(() -> parse(Map.of(), "cf-aig-retry-delay", "-"), "whole number");
        assertInvalid(() -> parse(Map.of(), "cf-aig-retry-delay", "-5"), "between 0 and 5000");
        // Found by a probe: a whole number past a long was "not a whole number".
        assertInvalid(() -> parse(Map.of(), "cf-aig-request-timeout", "99999999999999999999"), "between 1 and");
        assertInvalid(() -> parse(Map.of(), "cf-aig-cache-ttl", "+60"), "whole number");
        assertInvalid(() -> parse(Map.of(), "cf-aig-backoff", "random"), "constant, linear, exponential");
    }

    @Test
    void eventIdsAreEchoableVisibleAscii() {
        assertThat(parse(Map.of(), "cf-aig-event-id", "trace-42").eventId()).contains("trace-42");
        assertInvalid(() -> parse(Map.of(), "cf-aig-event-id", "a b"), "visible ASCII");
    }

    @Test
    void bearerTokensAreReadCaseInsensitively() {
        assertThat(GatewayHeaders.bearerToken("bearer abc ")).isEqualTo("abc");
        assertThat(GatewayHeaders.bearerToken("Basic abc")).isEmpty();
    }
}
