package dev.sluice.bootstrap;

import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.gateway.GatewaySettingsChange;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Map;

/**
 * A gateway written in the configuration file under {@code sluice.gateways.<id>}. At each start the
 * stored gateway is made to match it; settings left out take the defaults of a new gateway.
 */
@EachProperty("sluice.gateways")
public record ConfiguredGateway(
        @Parameter String name,
        @Nullable Long cacheTtl,
        @Nullable Boolean cacheInvalidateOnUpdate,
        @Nullable Boolean collectLogs,
        @Nullable Long rateLimitingInterval,
        @Nullable Long rateLimitingLimit,
        @Nullable String rateLimitingTechnique,
        @Nullable Boolean authentication,
        @Nullable Long logManagement,
        @Nullable String logManagementStrategy,
        @Nullable Integer retryMaxAttempts,
        @Nullable Integer retryDelay,
        @Nullable String retryBackoff,
        @Nullable List<Map<String, Object>> limits,
        @Nullable Map<String, Object> spendLimits) {

    GatewaySettings settings() {
        return GatewaySettingsChange.of(GatewaySettings.defaults())
                .cacheTtl(cacheTtl)
                .cacheInvalidateOnUpdate(cacheInvalidateOnUpdate)
                .collectLogs(collectLogs)
                .rateLimiting(rateLimitingInterval, rateLimitingLimit, rateLimitingTechnique)
                .authentication(authentication)
                .logManagement(logManagement, logManagementStrategy)
                .retry(retryMaxAttempts, retryDelay, retryBackoff)
                .limits(typed(ruleFields(limits)), typed(spendRuleFields(spendLimits)))
                .apply();
    }

    /**
     * A rule's own field names as the API spells them ({@code on_store_failure}): Micronaut hands properties and
     * environment variables over in kebab case ({@code on-store-failure}), YAML as written. Maps inside a rule (a
     * filter's metadata keys) are left as they are.
     */
    private static List<Object> ruleFields(@Nullable List<?> rules) {
        if (rules == null) {
            return null;
        }
        return rules.stream().map(rule -> {
            if (!(rule instanceof Map<?, ?> fields)) {
                return rule; // not a rule: the reader says so, naming it
            }
            Map<String, Object> named = new java.util.LinkedHashMap<>();
            fields.forEach((field, value) -> named.put(String.valueOf(field).replace('-', '_'), value));
            return (Object) named;
        }).toList();
    }

    private static Map<String, Object> spendRuleFields(@Nullable Map<String, Object> spend) {
        if (spend == null || !(spend.get("rules") instanceof List<?> rules)) {
            return spend;
        }
        Map<String, Object> named = new java.util.LinkedHashMap<>(spend);
        named.put("rules", ruleFields(rules));
        return named;
    }

    /**
     * Properties and environment variables give every value as text: a number or a boolean written so is
     * read as one (the management API, which has JSON's types, is strict about them).
     */
    private static Object typed(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> typed = new java.util.LinkedHashMap<>();
            map.forEach((key, item) -> typed.put(String.valueOf(key), typed(item)));
            return typed;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ConfiguredGateway::typed).toList();
        }
        if (value instanceof String text) {
            if (text.equals("true") || text.equals("false")) {
                return Boolean.valueOf(text);
            }
            if (text.matches("-?\\d+(\\.\\d+)?")) {
                return new java.math.BigDecimal(text);
            }
        }
        return value;
    }
}
