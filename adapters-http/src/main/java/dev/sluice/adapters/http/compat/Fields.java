package dev.sluice.adapters.http.compat;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads of a JSON object's fields for the unified API's request reader: an absent or {@code null}
 * field is empty, a field of the wrong type is a 400 that names it by its path in the request
 * ({@code messages[2].tool_calls[0].id}).
 */
final class Fields {

    private final Map<String, Object> object;
    private final String path;

    Fields(Map<String, Object> object, String path) {
        this.object = object;
        this.path = path;
    }

    String name(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    boolean has(String field) {
        return object.get(field) != null;
    }

    Object raw(String field) {
        return object.get(field);
    }

    Optional<String> string(String field) {
        Object value = object.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String text) {
            return Optional.of(text);
        }
        throw invalid(name(field), "must be a string");
    }

    String requiredString(String field) {
        String value = string(field).orElseThrow(() -> invalid(name(field), "is required"));
        if (value.isEmpty()) {
            throw invalid(name(field), "must not be empty");
        }
        return value;
    }

    Optional<Double> number(String field) {
        Object value = object.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Number number) {
            if (!Double.isFinite(number.doubleValue())) {
                throw invalid(name(field), "must be a finite number");
            }
            return Optional.of(number.doubleValue());
        }
        throw invalid(name(field), "must be a number");
    }

    Optional<Long> integer(String field, long min) {
        Object value = object.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())
                || Math.abs(number.doubleValue()) > Long.MAX_VALUE / 2.0) {
            throw invalid(name(field), "must be an integer");
        }
        if (number.longValue() < min) {
            throw invalid(name(field), "must be at least " + min);
        }
        return Optional.of(number.longValue());
    }

    /** An integer from {@code min} up to {@link Integer#MAX_VALUE}: a count (tokens, choices, dimensions). */
    Optional<Integer> count(String field, int min) {
        return integer(field, min).map(value -> {
            if (value > Integer.MAX_VALUE) {
                throw invalid(name(field), "must be at most " + Integer.MAX_VALUE);
            }
            return value.intValue();
        });
    }

    Optional<Boolean> flag(String field) {
        Object value = object.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Boolean flag) {
            return Optional.of(flag);
        }
        throw invalid(name(field), "must be true or false");
    }

    @SuppressWarnings("unchecked")
    Optional<Fields> object(String field) {
        Object value = object.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Map<?, ?> map) {
            return Optional.of(new Fields((Map<String, Object>) map, name(field)));
        }
        throw invalid(name(field), "must be an object");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map() {
        return object;
    }

    @SuppressWarnings("unchecked")
    Optional<List<Object>> list(String field) {
        Object value = object.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof List<?> list) {
            return Optional.of((List<Object>) list);
        }
        throw invalid(name(field), "must be an array");
    }

    /** The array's items as objects, each named by its index. */
    @SuppressWarnings("unchecked")
    static Fields item(Object item, String name) {
        if (item instanceof Map<?, ?> map) {
            return new Fields((Map<String, Object>) map, name);
        }
        throw invalid(name, "must be an object");
    }

    static GatewayException invalid(String field, String problem) {
        return new GatewayException(ErrorCode.INVALID_BODY, field + ": " + problem);
    }
}
