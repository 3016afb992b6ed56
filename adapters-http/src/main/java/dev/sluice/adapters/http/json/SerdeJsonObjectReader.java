package dev.sluice.adapters.http.json;

import dev.sluice.domain.json.JsonObjectReader;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.util.Map;

/** Reads JSON objects for the domain's header parsing with Micronaut's own JSON mapper. */
public final class SerdeJsonObjectReader implements JsonObjectReader {

    private static final Argument<Map<String, Object>> OBJECT = Argument.mapOf(String.class, Object.class);

    private final JsonMapper json;

    public SerdeJsonObjectReader(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Map<String, Object> readObject(String text) {
        String trimmed = text.trim();
        if (!trimmed.startsWith("{")) {
            throw new IllegalArgumentException("not a JSON object");
        }
        try {
            Map<String, Object> value = json.readValue(trimmed, OBJECT);
            if (value == null) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a JSON object", e);
        }
    }
}
