package dev.sluice.application.support;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Map;

/** A real JSON parser behind the domain's reader, as the HTTP adapter provides one in the application. */
public final class RealJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private RealJson() {
    }

    public static Map<String, Object> read(String text) {
        try {
            return MAPPER.readValue(text, new TypeReference<>() {
            });
        } catch (Exception e) {
            throw new IllegalArgumentException("not a JSON object", e);
        }
    }
}
