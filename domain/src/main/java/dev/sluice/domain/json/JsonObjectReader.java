package dev.sluice.domain.json;

import java.util.Map;

/**
 * Reads a JSON object into maps, lists and primitives. Header parsing needs it, and the domain leaves
 * JSON to a real library in an adapter.
 */
@FunctionalInterface
public interface JsonObjectReader {

    /** @throws IllegalArgumentException when the text is not a JSON object */
    Map<String, Object> readObject(String json);
}
