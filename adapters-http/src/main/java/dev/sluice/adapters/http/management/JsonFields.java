package dev.sluice.adapters.http.management;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Reads the fields of a JSON object body strictly: a field of the wrong type, or text holding a NUL character,
 * is a 400 that names it, never silently coerced ({@code "yes"} is not a boolean, {@code 1.5} is not a whole
 * number). An absent or {@code null} field reads as {@code null}: "not given".
 */
final class JsonFields {

    private static final BigDecimal MAX_LONG = BigDecimal.valueOf(Long.MAX_VALUE);

    private final JsonNode object;

    private JsonFields(JsonNode object) {
        this.object = object;
    }

    static JsonFields of(@Nullable JsonNode body) {
        if (body == null || !body.isObject()) {
            throw invalid("The body must be a JSON object");
        }
        return new JsonFields(body);
    }

    @Nullable
    String text(String field) {
        JsonNode value = given(field);
        if (value == null) {
            return null;
        }
        if (!value.isString()) {
            throw invalid(field + " must be a string");
        }
        String text = value.getStringValue();
        // PostgreSQL refuses a NUL in text: the write failed as "the database is unavailable" (a 503 that no
        // retry cures), and SQLite's functions end a string at it.
        if (text.indexOf('\0') >= 0) {
            throw invalid(field + " holds a NUL character");
        }
        // A lone surrogate (JSON's "\ud800" with no pair) is no character: the stores wrote it as "?".
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(text)) {
            throw invalid(field + " holds an unpaired surrogate (\\ud800-\\udfff), which is no Unicode character");
        }
        return text;
    }

    @Nullable
    Boolean bool(String field) {
        JsonNode value = given(field);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw invalid(field + " must be true or false");
        }
        return value.getBooleanValue();
    }

    @Nullable
    Long whole(String field) {
        BigDecimal number = wholeNumber(field);
        if (number == null) {
            return null;
        }
        if (number.abs().compareTo(MAX_LONG) > 0) {
            throw invalid(field + (number.signum() > 0 ? " must be at most " : " must be at least -")
                    + MAX_LONG.toPlainString());
        }
        return number.longValueExact();
    }

    /**
     * A whole number held at an int's ends: past them, the setting's own range check words the refusal (a probe's
     * {@code retry_delay: 1e99} was told it must be at most 9223372036854775807, where the range is 0 to 5000).
     */
    @Nullable
    Integer integer(String field) {
        BigDecimal number = wholeNumber(field);
        if (number == null) {
            return null;
        }
        return number.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0 ? Integer.MAX_VALUE
                : number.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0 ? Integer.MIN_VALUE : number.intValueExact();
    }

    @Nullable
    private BigDecimal wholeNumber(String field) {
        JsonNode value = given(field);
        if (value == null) {
            return null;
        }
        BigDecimal number = value.isNumber() ? decimal(value, field + " must be a finite number") : null;
        if (number == null || number.stripTrailingZeros().scale() > 0) {
            throw invalid(field + " must be a whole number");
        }
        return number;
    }

    /** The field as plain Java values (maps, lists, strings, numbers, booleans), for readers of nested shapes. */
    @Nullable
    Object plain(String field) {
        JsonNode value = given(field);
        return value == null ? null : plain(value);
    }

    private static Object plain(JsonNode node) {
        if (node.isObject()) {
            java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
            node.entries().forEach(entry -> map.put(entry.getKey(), plain(entry.getValue())));
            return map;
        }
        if (node.isArray()) {
            java.util.List<Object> list = new java.util.ArrayList<>();
            node.values().forEach(item -> list.add(plain(item)));
            return list;
        }
        if (node.isString()) {
            return node.getStringValue();
        }
        if (node.isNumber()) {
            return decimal(node, "numbers must be finite (1e400 is beyond a double's range)");
        }
        if (node.isBoolean()) {
            return node.getBooleanValue();
        }
        return null;
    }

    /** Whether the field is given as {@code null} (not merely absent). */
    boolean isNull(String field) {
        JsonNode value = object.get(field);
        return value != null && value.isNull();
    }

    @Nullable
    private JsonNode given(String field) {
        JsonNode value = object.get(field);
        return value == null || value.isNull() ? null : value;
    }

    /** A number exactly as written; one beyond a double's range (1e400, read as infinity) is refused with {@code message}. */
    private static BigDecimal decimal(JsonNode number, String message) {
        try {
            return new BigDecimal(number.getNumberValue().toString());
        } catch (NumberFormatException notFinite) {
            throw invalid(message);
        }
    }

    /** Refuses a field the object does not have, naming it and those it has. */
    void only(List<String> known, String what) {
        for (Map.Entry<String, JsonNode> entry : object.entries()) {
            if (!known.contains(entry.getKey())) {
                String name = entry.getKey().length() > 64 ? entry.getKey().substring(0, 64) + "…" : entry.getKey();
                throw invalid(name + " is not a field of " + what + "; its fields are " + String.join(", ", known));
            }
        }
    }

    private static GatewayException invalid(String message) {
        return new GatewayException(ErrorCode.INVALID_BODY, message);
    }
}
