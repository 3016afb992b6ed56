package dev.sluice.domain.gateway;

import dev.sluice.domain.error.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Limits and spend limits read from JSON: every field checked and named, and written back the same. */
class LimitRulesReaderTest {

    private static Map<String, Object> rule(Object... pairs) {
        Map<String, Object> rule = new HashMap<>(Map.of("count", "requests", "limit", 20, "window", 60));
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                rule.remove((String) pairs[i]);
            } else {
                rule.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return rule;
    }

    static Stream<Arguments> badLimits() {
        return Stream.of(
                Arguments.of(rule("limit", -1), "limits[0].limit must be zero or more"),
                Arguments.of(rule("limit", 1.5), "limits[0].limit must be a whole number"),
                Arguments.of(rule("limit", "20"), "limits[0].limit must be a number"),
                Arguments.of(rule("limit", Double.NaN), "limits[0].limit must be a finite number"),
                Arguments.of(rule("limit", Float.POSITIVE_INFINITY), "limits[0].limit must be a finite number"),
                Arguments.of(rule("window", 0), "limits[0].window must be a whole number of seconds"),
                Arguments.of(rule("window", null), "limits[0].window is required"),
                Arguments.of(rule("count", "concurrent"), "limits[0].window is not a field of a concurrent rule"),
                Arguments.of(rule("count", "concurrent", "window", null, "technique", "sliding"),
                        "limits[0].technique is not a field of a concurrent rule"),
                Arguments.of(rule("count", "bytes"), "limits[0].count must be one of: requests, tokens, concurrent"),
                Arguments.of(rule("count", null), "limits[0].count is required"),
                Arguments.of(rule("key", "ip"), "limits[0].key 'ip' is not a key"),
                Arguments.of(rule("key", "header.bad header"), "limits[0].key 'header.bad header' is not a key"),
                Arguments.of(rule("key", "metadata." + "k".repeat(129)), "a metadata key must be 1 to 128 characters"),
                Arguments.of(rule("technique", "leaky"), "limits[0].technique must be one of: fixed, sliding"),
                Arguments.of(rule("on_store_failure", "retry"), "limits[0].on_store_failure must be one of: allow, deny"),
                Arguments.of(rule("provider", Map.of("mode", "filter")), "limits[0].provider.values must list 1 to"),
                Arguments.of(rule("model", Map.of("mode", "some")), "limits[0].model.mode must be one of"),
                Arguments.of(rule("id", "has space"), "limits[0].id must be 1 to 64 letters"),
                Arguments.of(rule("id", "rate_limiting"), "limits[0].id 'rate_limiting' is the gateway's own rate limit"),
                Arguments.of(rule("enabled", "yes"), "limits[0].enabled must be true or false"),
                Arguments.of(rule("tecnique", "sliding"), "limits[0].tecnique is not a field of a limit rule"),
                Arguments.of("not a list", "limits must be a list"));
    }

    @ParameterizedTest
    @MethodSource("badLimits")
    void aBadLimitIsRefusedNamingItsField(Object limit, String message) {
        Object limits = limit instanceof String ? limit : List.of(limit);
        assertThatThrownBy(() -> LimitRulesReader.limits(limits)).isInstanceOf(GatewayException.class)
                .hasMessageContaining(message);
    }

    @Test
    void moreThanTwentySpendRulesAreRefused() {
        List<Object> rules = Collections.nCopies(21, Map.of("limit", 10, "window", 3600));
        assertThatThrownBy(() -> LimitRulesReader.spendLimits(Map.of("rules", rules), List.of()))
                .hasMessageContaining("spend_limits.rules has 21 rules; at most 20 are allowed");
    }

    @Test
    void aSpendRuleMustCountCostAndNotRepeatAnId() {
        assertThatThrownBy(() -> LimitRulesReader.spendLimits(Map.of("rules",
                List.of(Map.of("limit", 1, "window", 60, "limitType", "tokens"))), List.of()))
                .hasMessageContaining("spend_limits.rules[0].limitType must be \"cost\"");
        List<LimitRule> limits = LimitRulesReader.limits(List.of(rule("id", "same")));
        assertThatThrownBy(() -> LimitRulesReader.spendLimits(Map.of("rules",
                List.of(Map.of("id", "same", "limit", 1, "window", 60))), limits))
                .hasMessageContaining("the id 'same' is used twice");
        assertThatThrownBy(() -> LimitRulesReader.spendLimits(Map.of("rules",
                List.of(Map.of("limit", 1, "window", 60, "metadata", Map.of("k".repeat(129), Map.of("mode",
                        "partition"))))), List.of()))
                .hasMessageContaining("spend_limits.rules[0].metadata: a metadata key must be 1 to 128 characters");
    }

    /**
     * Found by a probe: {@code "rulez"} for {@code "rules"} answered 200 and removed every budget, a misspelt rule field
     * was ignored, and {@code {"enabled": false}} removed the rules it was meant to pause.
     */
    @Test
    void aSpendFieldItDoesNotHaveIsRefusedAndEnabledAloneKeepsTheRules() {
        Map<String, Object> rule = Map.of("id", "s1", "limit", 5, "window", 60);
        assertThatThrownBy(() -> LimitRulesReader.spendLimits(Map.of("enabled", true, "rulez", List.of(rule)), List.of()))
                .hasMessageContaining("spend_limits.rulez is not a field of spend_limits; its fields are enabled, rules");
        assertThatThrownBy(() -> LimitRulesReader.spendLimits(Map.of("rules", List.of(Map.of("id", "s1", "limit", 5,
                "window", 60, "tecnique", "sliding"))), List.of()))
                .hasMessageContaining("spend_limits.rules[0].tecnique is not a field of a spend limit rule");
        GatewayLimits current = LimitRulesReader.spendLimits(Map.of("rules", List.of(rule)), List.of());
        GatewayLimits paused = LimitRulesReader.spendLimits(Map.of("enabled", false), List.of(), current);
        assertThat(paused.spendEnabled()).isFalse();
        assertThat(paused.spendRules()).isEqualTo(current.spendRules());
        assertThat(LimitRulesReader.spendLimits(Map.of("rules", List.of()), List.of(), current).spendRules()).isEmpty();
    }

    /**
     * Found by a probe: a rule on a metadata key starting with {@code cf.} (which a request's metadata never carries)
     * was taken and never counted anything, and a model filter's numbers and booleans were kept as their text.
     */
    @Test
    void aRuleOnAReservedMetadataKeyAndAModelFilterOfNonStringsAreRefused() {
        assertThatThrownBy(() -> LimitRulesReader.spendLimits(Map.of("rules", List.of(Map.of("id", "s", "limit", 1,
                "window", 60, "metadata", Map.of("cf.x", Map.of("mode", "partition"))))), List.of()))
                .hasMessageContaining("'cf.x' is reserved");
        assertThatThrownBy(() -> LimitRulesReader.limits(List.of(rule("count", "requests", "limit", 3, "window", 60,
                "key", "metadata.cf.user"))))
                .hasMessageContaining("'cf.user' is reserved");
        assertThatThrownBy(() -> LimitRulesReader.limits(List.of(rule("count", "requests", "limit", 3, "window", 60,
                "model", Map.of("mode", "filter", "values", List.of("openai/gpt-4o", 5))))))
                .hasMessageContaining(".model.values[1] must be a string");
        assertThat(LimitRulesReader.limits(List.of(rule("count", "requests", "limit", 3, "window", 60,
                "metadata", Map.of("tier", Map.of("mode", "filter", "values", List.of(5, true))))))).hasSize(1);
    }

    @Test
    void cloudflaresSpendShapeIsReadAndWrittenBack() {
        Map<String, Object> spend = Map.of("enabled", true, "rules", List.of(Map.of(
                "id", "5e7f1b6b", "enabled", true, "limit", 100, "limitType", "cost", "window", 604800,
                "technique", "sliding",
                "model", Map.of("mode", "filter", "values", List.of("openai/gpt-5.5")),
                "provider", Map.of("mode", "filter", "values", List.of("openai")),
                "metadata", Map.of("agent_id", Map.of("mode", "partition")))));
        GatewayLimits limits = LimitRulesReader.spendLimits(spend, List.of());
        LimitRule rule = limits.spendRules().get(0);
        assertThat(rule.units()).isEqualTo(100_000_000_000L);
        assertThat(rule.describe()).isEqualTo("rule '5e7f1b6b' (cost limit 100 per 604800s, sliding)");
        LimitDimension.Scope scope = (kind, name) -> java.util.Optional.of(switch (kind) {
            case PROVIDER -> "openai";
            case MODEL -> "gpt-5.5";
            default -> "a1";
        });
        assertThat(rule.partition(scope)).contains("metadata.agent_id=a1");
        Map<String, Object> written = LimitRulesWriter.spendLimits(limits);
        assertThat(LimitRulesReader.spendLimits(written, List.of())).isEqualTo(limits);
    }

    /**
     * A rule without an id is known by what it counts: given a new limit (or turned off, or told to deny when the store
     * fails) it keeps its id, and so its counters; counting something else, it gets another. Its id came from all of
     * its content before, so lowering a full rule's limit gave it a fresh counter and let more requests through.
     */
    @Test
    void aRuleWithoutAnIdKeepsItAcrossChangesOfItsLimitButNotOfWhatItCounts() {
        String base = id(rule("count", "requests", "limit", 6, "window", 300, "key", "metadata.user_id"));
        assertThat(id(rule("count", "requests", "limit", 4, "window", 300, "key", "metadata.user_id"))).isEqualTo(base);
        assertThat(id(rule("count", "requests", "limit", 6, "window", 300, "key", "metadata.user_id",
                "enabled", false, "on_store_failure", "deny", "technique", "fixed"))).isEqualTo(base);
        assertThat(id(rule("count", "tokens", "limit", 6, "window", 300, "key", "metadata.user_id"))).isNotEqualTo(base);
        assertThat(id(rule("count", "requests", "limit", 6, "window", 60, "key", "metadata.user_id"))).isNotEqualTo(base);
        assertThat(id(rule("count", "requests", "limit", 6, "window", 300, "key", "metadata.team"))).isNotEqualTo(base);
        assertThat(id(rule("count", "requests", "limit", 6, "window", 300, "key", "metadata.user_id",
                "technique", "sliding"))).isNotEqualTo(base);
        assertThat(id(rule("count", "requests", "limit", 6, "window", 300, "key", "metadata.user_id",
                "provider", Map.of("mode", "filter", "values", List.of("openai"))))).isNotEqualTo(base);
        assertThat(id(rule("count", "requests", "limit", 6, "window", 300, "key", "metadata.user_id", "id", "mine")))
                .as("an explicit id is kept").isEqualTo("mine");
    }

    private static String id(Map<String, Object> rule) {
        return LimitRulesReader.limits(List.of(rule)).get(0).id();
    }

    @Test
    void limitsAreReadWithDefaultsAndAStableIdAndWrittenBack() {
        List<LimitRule> rules = LimitRulesReader.limits(List.of(rule("key", "header.X-Team"),
                rule("count", "concurrent", "window", null, "limit", 5, "key", "token")));
        assertThat(rules.get(0).id()).isEqualTo(LimitRulesReader.limits(List.of(rule("key", "header.X-Team")))
                .get(0).id()).startsWith("limit-");
        assertThat(rules.get(0).dimensions()).containsExactly(
                LimitDimension.partition(LimitDimension.Kind.HEADER, "x-team"));
        assertThat(rules.get(0).onStoreFailureAllow()).isTrue();
        assertThat(rules.get(1).measure()).isEqualTo(LimitMeasure.CONCURRENT);
        assertThat(rules.get(1).limit()).isEqualTo(BigDecimal.valueOf(5));
        GatewayLimits limits = new GatewayLimits(rules, false, List.of());
        assertThat(LimitRulesReader.limits(LimitRulesWriter.limits(limits))).isEqualTo(rules);
        assertThat(LimitRulesWriter.spendLimits(limits)).isNull();
    }
}
