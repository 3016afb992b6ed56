package dev.sluice.domain.gateway;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A gateway's limits as plain JSON values (maps, lists, strings, numbers, booleans), in the shape
 * {@link LimitRulesReader} reads: what the management API answers and the store keeps.
 */
public final class LimitRulesWriter {

    private LimitRulesWriter() {
    }

    public static List<Map<String, Object>> limits(GatewayLimits limits) {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (LimitRule rule : limits.rules()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", rule.id());
            json.put("enabled", rule.enabled());
            json.put("count", rule.measure().wire());
            json.put("limit", rule.limit().longValue());
            if (rule.windowSeconds() > 0) {
                json.put("window", rule.windowSeconds());
                json.put("technique", rule.technique().wire());
            }
            json.put("key", key(rule));
            dimensions(rule, json);
            rules.add(json);
        }
        return rules;
    }

    /** {@code null} when the gateway has never had spend limits, as Cloudflare answers. */
    public static Map<String, Object> spendLimits(GatewayLimits limits) {
        if (!limits.hasSpendLimits()) {
            return null;
        }
        List<Map<String, Object>> rules = new ArrayList<>();
        for (LimitRule rule : limits.spendRules()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", rule.id());
            json.put("enabled", rule.enabled());
            json.put("limit", plain(rule.limit()));
            json.put("limitType", "cost");
            json.put("window", rule.windowSeconds());
            json.put("technique", rule.technique().wire());
            dimensions(rule, json);
            rules.add(json);
        }
        Map<String, Object> spend = new LinkedHashMap<>();
        spend.put("enabled", limits.spendEnabled());
        spend.put("rules", rules);
        return spend;
    }

    private static String key(LimitRule rule) {
        for (LimitDimension dimension : rule.dimensions()) {
            if (dimension.kind() == LimitDimension.Kind.TOKEN
                    || dimension.kind() == LimitDimension.Kind.HEADER
                    || dimension.kind() == LimitDimension.Kind.METADATA && isKey(rule, dimension)) {
                return dimension.label();
            }
        }
        return "gateway";
    }

    /** The first partitioning metadata dimension of a rule is its key; any others are under "metadata". */
    private static boolean isKey(LimitRule rule, LimitDimension dimension) {
        return dimension.mode() == LimitDimension.Mode.PARTITION && !rule.spend()
                && rule.dimensions().indexOf(dimension) == 0;
    }

    private static void dimensions(LimitRule rule, Map<String, Object> json) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (LimitDimension dimension : rule.dimensions()) {
            switch (dimension.kind()) {
                case PROVIDER -> json.put("provider", mode(dimension));
                case MODEL -> json.put("model", mode(dimension));
                case METADATA -> {
                    if (!isKey(rule, dimension)) {
                        metadata.put(dimension.name(), mode(dimension));
                    }
                }
                case HEADER, TOKEN -> {
                }
            }
        }
        if (!metadata.isEmpty()) {
            json.put("metadata", metadata);
        }
        json.put("on_store_failure", rule.onStoreFailureAllow() ? "allow" : "deny");
    }

    private static Map<String, Object> mode(LimitDimension dimension) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mode", dimension.mode().wire());
        if (dimension.mode() == LimitDimension.Mode.FILTER) {
            json.put("values", dimension.values());
        }
        return json;
    }

    private static Object plain(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() <= 0 ? (Object) stripped.longValue() : stripped;
    }
}
