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
        @Nullable Boolean logpush,
        @Nullable String logpushPublicKey,
        @Nullable Integer retryMaxAttempts,
        @Nullable Integer retryDelay,
        @Nullable String retryBackoff,
        @Nullable List<Map<String, Object>> limits,
        @Nullable Map<String, Object> spendLimits) {

    /** An item of a list as Micronaut names it beside the list: {@code rules[0]}. */
    private static final java.util.regex.Pattern INDEXED = java.util.regex.Pattern.compile("(.+)\\[(\\d+)]");

    GatewaySettings settings() {
        return GatewaySettingsChange.of(GatewaySettings.defaults())
                .cacheTtl(cacheTtl)
                .cacheInvalidateOnUpdate(cacheInvalidateOnUpdate)
                .collectLogs(collectLogs)
                .rateLimiting(rateLimitingInterval, rateLimitingLimit, rateLimitingTechnique)
                .authentication(authentication)
                .logManagement(logManagement, logManagementStrategy)
                .logpush(logpush, logpushPublicKey)
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

    private static Object spendRuleFields(@Nullable Map<String, Object> spend) {
        // Micronaut binds a gateway without spend limits as an empty map: it is no setting, not an empty one.
        Object whole = spend == null || spend.isEmpty() ? null : unindexed(spend);
        if (!(whole instanceof Map<?, ?> fields) || !(fields.get("rules") instanceof List<?> rules)) {
            return whole;
        }
        Map<Object, Object> named = new java.util.LinkedHashMap<>(fields);
        named.put("rules", ruleFields(rules));
        return named;
    }

    /**
     * A map as the file wrote it: Micronaut hands a map over with each list in it twice, as the list ({@code rules})
     * and item by item ({@code rules[0]}), and the spend limits' reader took the items for fields it does not have, so
     * no file could set a spend rule. Items without their list (set one by one) become the list, in their order.
     */
    static Object unindexed(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> whole = new java.util.LinkedHashMap<>();
            Map<String, java.util.TreeMap<Integer, Object>> items = new java.util.LinkedHashMap<>();
            map.forEach((key, item) -> {
                java.util.regex.Matcher indexed = INDEXED.matcher(String.valueOf(key));
                if (indexed.matches()) {
                    items.computeIfAbsent(indexed.group(1), name -> new java.util.TreeMap<>())
                            .put(Integer.valueOf(indexed.group(2)), unindexed(item));
                } else {
                    whole.put(String.valueOf(key), unindexed(item));
                }
            });
            items.forEach((name, list) -> whole.putIfAbsent(name, new java.util.ArrayList<>(list.values())));
            return whole;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ConfiguredGateway::unindexed).toList();
        }
        return value;
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
