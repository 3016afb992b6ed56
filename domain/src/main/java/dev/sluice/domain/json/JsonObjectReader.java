package dev.sluice.domain.json;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a JSON object into maps, lists and primitives. Header parsing needs it, and the domain leaves
 * JSON to a real library in an adapter.
 */
@FunctionalInterface
public interface JsonObjectReader {

    /** @throws IllegalArgumentException when the text is not a JSON object */
    Map<String, Object> readObject(String json);

    /**
     * The object without its arrays: a field whose value is an array is left out, at every depth. For
     * readers that want an answer's bookkeeping (usage, ids) and not its content, which sits in arrays
     * ({@code choices}, {@code content}, {@code candidates}) and would otherwise be built as a tree only to
     * be thrown away. The default reads the whole object and drops the arrays afterwards.
     *
     * @throws IllegalArgumentException when the text is not a JSON object
     */
    default Map<String, Object> readObjectWithoutArrays(String json) {
        return withoutArrays(readObject(json));
    }

    /**
     * {@link #readObjectWithoutArrays(String)} of UTF-8 bytes. The default decodes them first; an
     * implementation should parse the bytes as they are, without a copy of the body as text.
     *
     * @throws IllegalArgumentException when the bytes are not a JSON object
     */
    default Map<String, Object> readObjectWithoutArrays(byte[] json) {
        return readObjectWithoutArrays(new String(json, StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutArrays(Map<String, Object> object) {
        Map<String, Object> kept = new LinkedHashMap<>();
        object.forEach((key, value) -> {
            if (value instanceof Map<?, ?> child) {
                kept.put(key, withoutArrays((Map<String, Object>) child));
            } else if (!(value instanceof List<?>)) {
                kept.put(key, value);
            }
        });
        return kept;
    }

    /**
     * The value of one top-level string field of a JSON object given as UTF-8 bytes; empty when the field
     * is absent or not a string, or the bytes are not a JSON object. A field given more than once is read as its
     * last value, as most JSON parsers (and so most providers) read it. A body may be megabytes (base64
     * images), so an implementation should stream the top level without building the document.
     */
    default Optional<String> readTopLevelString(byte[] json, String field) {
        try {
            return readObject(new String(json, StandardCharsets.UTF_8)).get(field) instanceof String value
                    ? Optional.of(value) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a JSON object given as UTF-8 bytes has a top-level field whose value is the literal {@code true}; false
     * when it is absent or anything else, or the bytes are not a JSON object. The last of repeated fields counts, as in
     * {@link #readTopLevelString}. A body may be megabytes, so an implementation should stream the top level, stepping
     * over every other value unbuilt: reading a large request's whole body for this once ran the heap out.
     */
    default boolean readTopLevelTrue(byte[] json, String field) {
        try {
            return Boolean.TRUE.equals(readObject(new String(json, StandardCharsets.UTF_8)).get(field));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
