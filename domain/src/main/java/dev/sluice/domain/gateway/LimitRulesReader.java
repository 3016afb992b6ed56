package dev.sluice.domain.gateway;

import dev.sluice.domain.digest.Sha256;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.name.Names;
import dev.sluice.domain.policy.Metadata;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a gateway's {@code limits} list and {@code spend_limits} object from parsed JSON (maps, lists,
 * strings, numbers, booleans — however the management API or the configuration file produced them),
 * checking every field and naming the one that is wrong ({@code limits[1].window must be …}). A rule
 * without an {@code id} is given one derived from its content, so the same rule keeps its counters
 * across restarts.
 */
public final class LimitRulesReader {

    public static final long MAX_WINDOW_SECONDS = 366L * 24 * 3600;
    public static final BigDecimal MAX_COUNT = BigDecimal.valueOf(1_000_000_000_000L);
    public static final BigDecimal MAX_BUDGET = BigDecimal.valueOf(1_000_000_000L);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");
    private static final int MAX_VALUES = 100;

    private LimitRulesReader() {
    }

    /** The {@code limits} list: requests, tokens and concurrency rules. */
    public static List<LimitRule> limits(Object json) {
        List<LimitRule> rules = new ArrayList<>();
        List<?> items = list(json, "limits");
        for (int i = 0; i < items.size(); i++) {
            rules.add(rule(map(items.get(i), "limits[" + i + "]"), "limits[" + i + "]", false));
        }
        return rules;
    }

    /** The fields of Cloudflare's {@code spend_limits}, and of its rules (with Sluice's {@code on_store_failure}). */
    private static final List<String> SPEND_FIELDS = List.of("enabled", "rules");
    private static final List<String> SPEND_RULE_FIELDS = List.of("id", "enabled", "limit", "limitType", "window",
            "technique", "provider", "model", "metadata", "on_store_failure");

    /**
     * Cloudflare's {@code spend_limits}: {@code {"enabled": …, "rules": [ … ]}}, for a gateway without spend limits (a
     * new one, or a stored value). A field it does not have is refused, not ignored: a misspelt {@code rules} removed
     * every budget.
     */
    public static GatewayLimits spendLimits(Object json, List<LimitRule> limits) {
        return spendLimits(json, limits, GatewayLimits.NONE);
    }

    /**
     * As {@link #spendLimits(Object, List)}, over a gateway whose spend limits are {@code current}: what the object
     * leaves out (or gives as {@code null}) is kept, as a change keeps any field it does not name. Without {@code
     * rules} the rules are kept (so {@code {"enabled": false}} pauses them), and only {@code "rules": []} removes them;
     * without {@code enabled} paused limits stay paused, as new rules given to them are. A gateway that has no spend
     * limits (its answer shows {@code null}) starts with them on.
     */
    public static GatewayLimits spendLimits(Object json, List<LimitRule> limits, GatewayLimits current) {
        Map<?, ?> spend = map(json, "spend_limits");
        knownFields(spend, "spend_limits", "spend_limits", SPEND_FIELDS);
        Object given = spend.get("enabled");
        if (given != null && !(given instanceof Boolean)) {
            throw invalid("spend_limits.enabled must be true or false");
        }
        boolean enabled = given != null ? (Boolean) given : !current.hasSpendLimits() || current.spendEnabled();
        return new GatewayLimits(limits, enabled, spendRules(spend.get("rules"), current.spendRules()));
    }

    private static List<LimitRule> spendRules(Object given, List<LimitRule> current) {
        if (given == null) {
            return current;
        }
        List<?> items = list(given, "spend_limits.rules");
        if (items.size() > GatewayLimits.MAX_RULES) {
            throw invalid("spend_limits.rules has " + items.size() + " rules; at most " + GatewayLimits.MAX_RULES
                    + " are allowed");
        }
        List<LimitRule> rules = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = "spend_limits.rules[" + i + "]";
            rules.add(rule(map(items.get(i), at), at, true));
        }
        return rules;
    }

    /** A {@code limits} rule's fields: Sluice's own shape, so a misspelt one is refused rather than ignored. */
    private static final List<String> RULE_FIELDS = List.of("id", "enabled", "count", "limit", "window", "technique",
            "key", "provider", "model", "metadata", "on_store_failure");

    private static LimitRule rule(Map<?, ?> rule, String at, boolean spend) {
        knownFields(rule, at, spend ? "a spend limit rule" : "a limit rule", spend ? SPEND_RULE_FIELDS : RULE_FIELDS);
        LimitMeasure measure = spend ? spendType(rule, at) : measure(rule.get("count"), at + ".count");
        BigDecimal limit = limit(rule.get("limit"), at + ".limit", spend);
        if (measure == LimitMeasure.CONCURRENT) {
            // What is in flight now has no window; given one, a rule would silently not be what was written.
            for (String timed : List.of("window", "technique")) {
                if (rule.get(timed) != null) {
                    throw invalid(at + "." + timed + " is not a field of a concurrent rule, which counts what is in "
                            + "flight now");
                }
            }
        }
        long window = measure == LimitMeasure.CONCURRENT ? 0 : window(rule.get("window"), at + ".window");
        RateLimitTechnique technique = rule.get("technique") == null ? RateLimitTechnique.FIXED
                : RateLimitTechnique.valueOf(choice(rule.get("technique"), at + ".technique", "fixed", "sliding"));
        List<LimitDimension> dimensions = new ArrayList<>();
        if (!spend) {
            key(rule.get("key"), at + ".key", dimensions);
        }
        dimension(rule.get("provider"), LimitDimension.Kind.PROVIDER, "", at + ".provider", dimensions);
        dimension(rule.get("model"), LimitDimension.Kind.MODEL, "", at + ".model", dimensions);
        Object metadata = rule.get("metadata");
        if (metadata != null) {
            for (Map.Entry<?, ?> field : map(metadata, at + ".metadata").entrySet()) {
                String name = metadataKey(field.getKey(), at + ".metadata");
                dimension(field.getValue(), LimitDimension.Kind.METADATA, name, at + ".metadata." + name, dimensions);
            }
        }
        boolean allow = rule.get("on_store_failure") == null
                || choice(rule.get("on_store_failure"), at + ".on_store_failure", "allow", "deny").equals("ALLOW");
        Object enabled = rule.get("enabled");
        if (enabled != null && !(enabled instanceof Boolean)) {
            throw invalid(at + ".enabled must be true or false");
        }
        String id = rule.get("id") == null ? derivedId(spend ? "spend" : "limit", measure, window, technique, dimensions)
                : id(rule.get("id"), at + ".id");
        return new LimitRule(id, enabled == null || (Boolean) enabled, measure, limit, window, technique, dimensions,
                allow);
    }

    private static void knownFields(Map<?, ?> object, String at, String what, List<String> fields) {
        for (Object field : object.keySet()) {
            if (!fields.contains(String.valueOf(field))) {
                throw invalid(at + "." + field + " is not a field of " + what + "; its fields are "
                        + String.join(", ", fields));
            }
        }
    }

    private static LimitMeasure spendType(Map<?, ?> rule, String at) {
        Object type = rule.get("limitType");
        if (type != null && !"cost".equals(type)) {
            throw invalid(at + ".limitType must be \"cost\"");
        }
        return LimitMeasure.COST;
    }

    private static LimitMeasure measure(Object value, String at) {
        if (value == null) {
            throw invalid(at + " is required: requests, tokens or concurrent");
        }
        return LimitMeasure.valueOf(choice(value, at, "requests", "tokens", "concurrent"));
    }

    private static BigDecimal limit(Object value, String at, boolean dollars) {
        BigDecimal limit = number(value, at);
        if (limit.signum() < 0) {
            throw invalid(at + " must be zero or more");
        }
        if (!dollars && limit.stripTrailingZeros().scale() > 0) {
            throw invalid(at + " must be a whole number");
        }
        if (limit.compareTo(dollars ? MAX_BUDGET : MAX_COUNT) > 0) {
            throw invalid(at + " must be at most " + (dollars ? MAX_BUDGET : MAX_COUNT).toPlainString());
        }
        if (dollars && limit.stripTrailingZeros().scale() > 9) {
            throw invalid(at + " has more than nine decimal places");
        }
        return dollars ? limit : new BigDecimal(limit.toBigInteger());
    }

    private static long window(Object value, String at) {
        BigDecimal window = number(value, at);
        if (window.stripTrailingZeros().scale() > 0 || window.compareTo(BigDecimal.ONE) < 0
                || window.compareTo(BigDecimal.valueOf(MAX_WINDOW_SECONDS)) > 0) {
            throw invalid(at + " must be a whole number of seconds from 1 to " + MAX_WINDOW_SECONDS);
        }
        return window.longValue();
    }

    private static void key(Object value, String at, List<LimitDimension> dimensions) {
        if (value == null || "gateway".equals(value)) {
            return;
        }
        if (!(value instanceof String key)) {
            throw invalid(at + " must be a string: gateway, token, metadata.<field> or header.<name>");
        }
        if (key.equals("token")) {
            dimensions.add(LimitDimension.partition(LimitDimension.Kind.TOKEN, ""));
        } else if (key.startsWith("metadata.")) {
            dimensions.add(LimitDimension.partition(LimitDimension.Kind.METADATA,
                    metadataKey(key.substring("metadata.".length()), at)));
        } else if (key.startsWith("header.") && HEADER.matcher(key.substring("header.".length())).matches()) {
            dimensions.add(LimitDimension.partition(LimitDimension.Kind.HEADER,
                    key.substring("header.".length()).toLowerCase(Locale.ROOT)));
        } else {
            throw invalid(at + " '" + key + "' is not a key: use gateway, token, metadata.<field> or header.<name>");
        }
    }

    private static void dimension(Object value, LimitDimension.Kind kind, String name, String at,
                                  List<LimitDimension> dimensions) {
        if (value == null) {
            return;
        }
        Map<?, ?> spec = map(value, at);
        String mode = choice(spec.get("mode"), at + ".mode", "filter", "partition");
        if (mode.equals("PARTITION")) {
            if (spec.get("values") != null) {
                throw invalid(at + ".values is for mode filter only");
            }
            dimensions.add(LimitDimension.partition(kind, name));
            return;
        }
        List<?> given = spec.get("values") == null ? List.of() : list(spec.get("values"), at + ".values");
        if (given.isEmpty() || given.size() > MAX_VALUES) {
            throw invalid(at + ".values must list 1 to " + MAX_VALUES + " values to filter by");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            Object item = given.get(i);
            if (kind != LimitDimension.Kind.METADATA && !(item instanceof String)) {
                // Metadata values may be numbers or booleans; a model's or a provider's name is a string.
                throw invalid(at + ".values[" + i + "] must be a string");
            }
            if (!(item instanceof String || item instanceof Number || item instanceof Boolean)
                    || item.toString().isEmpty() || item.toString().length() > Metadata.MAX_STRING_LENGTH) {
                throw invalid(at + ".values[" + i + "] must be a non-empty string of at most "
                        + Metadata.MAX_STRING_LENGTH + " characters");
            }
            values.add(item instanceof Number number ? new BigDecimal(number.toString()).toPlainString()
                    : item.toString());
        }
        dimensions.add(LimitDimension.filter(kind, name, values));
    }

    private static String metadataKey(Object key, String at) {
        String name = key == null ? "" : key.toString();
        if (name.isBlank() || Names.longerThan(name, Metadata.MAX_KEY_LENGTH)) {
            throw invalid(at + ": a metadata key must be 1 to " + Metadata.MAX_KEY_LENGTH + " characters");
        }
        if (name.startsWith("cf.")) {
            throw invalid(at + ": '" + name + "' is reserved: a request's cf-aig-metadata never carries a key starting"
                    + " with 'cf.', so a rule on it would never count a request");
        }
        return name;
    }

    private static String id(Object value, String at) {
        if (LimitRule.GATEWAY_RULE.equals(value)) {
            throw invalid(at + " '" + LimitRule.GATEWAY_RULE + "' is the gateway's own rate limit; choose another");
        }
        if (!(value instanceof String id) || !ID.matcher(id).matches()) {
            throw invalid(at + " must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter "
                    + "or digit");
        }
        return id;
    }

    /**
     * The id of a rule given none: from what it counts — its measure, window, technique and what it is keyed by and
     * filtered on — and not from its limit, whether it is enabled or what it does when the store fails, so that a rule
     * given a new limit keeps its id and so its counters, while a rule counting something else never shares them.
     */
    private static String derivedId(String prefix, LimitMeasure measure, long window, RateLimitTechnique technique,
                                    List<LimitDimension> dimensions) {
        List<String> counted = new ArrayList<>();
        for (LimitDimension dimension : dimensions) {
            List<String> values = new ArrayList<>(dimension.values());
            values.sort(null);
            counted.add(dimension.kind() + ":" + dimension.name() + ":" + dimension.mode() + ":" + values);
        }
        counted.sort(null);
        String identity = measure + "|" + window + "|" + technique + "|" + counted;
        byte[] digest = Sha256.of(identity.getBytes(StandardCharsets.UTF_8));
        return prefix + "-" + HexFormat.of().formatHex(digest, 0, 4);
    }

    private static String choice(Object value, String at, String... allowed) {
        if (value instanceof String text) {
            for (String option : allowed) {
                if (option.equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return option.toUpperCase(Locale.ROOT);
                }
            }
        }
        throw invalid(at + " must be one of: " + String.join(", ", allowed));
    }

    private static BigDecimal number(Object value, String at) {
        if (value == null) {
            throw invalid(at + " is required");
        }
        if (value instanceof Number number) {
            try {
                return new BigDecimal(number.toString());
            } catch (NumberFormatException notFinite) {
                throw invalid(at + " must be a finite number");
            }
        }
        throw invalid(at + " must be a number");
    }

    private static List<?> list(Object value, String at) {
        if (value instanceof List<?> list) {
            return list;
        }
        if (value instanceof Map<?, ?> map && isIndexed(map)) {
            return indexed(map);
        }
        throw invalid(at + " must be a list");
    }

    private static Map<?, ?> map(Object value, String at) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw invalid(at + " must be an object");
    }

    /** A configuration file may give a list as a map keyed 0, 1, 2… (environment variables do). */
    private static boolean isIndexed(Map<?, ?> map) {
        for (int i = 0; i < map.size(); i++) {
            if (!map.containsKey(String.valueOf(i)) && !map.containsKey(i)) {
                return false;
            }
        }
        return !map.isEmpty();
    }

    private static List<?> indexed(Map<?, ?> map) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < map.size(); i++) {
            list.add(map.containsKey(String.valueOf(i)) ? map.get(String.valueOf(i)) : map.get(i));
        }
        return list;
    }

    private static GatewayException invalid(String message) {
        return new GatewayException(ErrorCode.INVALID_BODY, message);
    }
}
