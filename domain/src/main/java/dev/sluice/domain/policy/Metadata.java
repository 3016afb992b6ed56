package dev.sluice.domain.policy;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.name.Names;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Custom metadata from {@code cf-aig-metadata}: a flat object of at most five entries whose values are
 * strings, numbers or booleans. Anything else is refused with a message saying what is wrong, rather
 * than silently dropped as Cloudflare does, so a client learns of the mistake at once. Numbers are kept
 * as {@link BigDecimal} or {@link Long}, never as binary floating point.
 */
public record Metadata(Map<String, Object> entries) {

    public static final Metadata NONE = new Metadata(Map.of());
    public static final int MAX_ENTRIES = 5;
    public static final int MAX_KEY_LENGTH = 128;
    public static final int MAX_STRING_LENGTH = 1024;
    private static final String HEADER = "cf-aig-metadata";

    public Metadata {
        if (entries.size() > MAX_ENTRIES) {
            throw invalid("has " + entries.size() + " entries; at most " + MAX_ENTRIES + " are allowed");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        entries.forEach((key, value) -> copy.put(checkKey(key), normalise(key, value)));
        entries = Collections.unmodifiableMap(copy);
    }

    /**
     * Metadata a client sent (the header, or a log's PATCH): as the constructor, and refusing a NUL character in a
     * key or a string value, which PostgreSQL cannot store in text and SQLite's functions end a string at. Entries
     * read back from a store go through the constructor alone, so that one written before this check still reads.
     */
    public static Metadata fromClient(Map<String, Object> entries) {
        entries.forEach((key, value) -> {
            if (key != null && key.indexOf('\0') >= 0) {
                throw invalid("key '" + key.replace('\0', '\uFFFD') + "' holds a NUL character");
            }
            if (value instanceof String text && text.indexOf('\0') >= 0) {
                throw invalid("value of '" + key + "' holds a NUL character");
            }
        });
        return new Metadata(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    private static String checkKey(String key) {
        if (key == null || key.isBlank() || Names.longerThan(key, MAX_KEY_LENGTH)) {
            throw invalid("keys must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        if (key.startsWith("cf.")) {
            throw invalid("key '" + key + "' is reserved: keys starting with 'cf.' are set by the gateway");
        }
        return key;
    }

    private static Object normalise(String key, Object value) {
        if (value instanceof String text) {
            if (Names.longerThan(text, MAX_STRING_LENGTH)) {
                throw invalid("value of '" + key + "' is longer than " + MAX_STRING_LENGTH + " characters");
            }
            return text;
        }
        if (value instanceof Boolean) {
            return value;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof Number number) {
            if ((number instanceof Double || number instanceof Float) && !Double.isFinite(number.doubleValue())) {
                throw invalid("value of '" + key + "' is not a finite number");
            }
            return new BigDecimal(number.toString());
        }
        String kind = value == null ? "null" : value instanceof Map ? "an object" : "an array or other non-primitive";
        throw invalid("value of '" + key + "' is " + kind + "; only strings, numbers and booleans are allowed");
    }

    private static GatewayException invalid(String problem) {
        return new GatewayException(ErrorCode.INVALID_HEADER, HEADER + " " + problem);
    }
}
