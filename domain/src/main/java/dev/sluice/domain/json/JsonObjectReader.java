package dev.sluice.domain.json;

import java.nio.charset.StandardCharsets;
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
     * The value of one top-level string field of a JSON object given as UTF-8 bytes; empty when the field
     * is absent or not a string, or the bytes are not a JSON object. A body may be megabytes (base64
     * images), so an implementation should read only as far as the field, without building the document.
     */
    default Optional<String> readTopLevelString(byte[] json, String field) {
        try {
            return readObject(new String(json, StandardCharsets.UTF_8)).get(field) instanceof String value
                    ? Optional.of(value) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
