package dev.sluice.domain.usage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Map;

/**
 * The JSON reader the domain is given in production, played in tests by plain Jackson: like it, one object and
 * nothing after it (a stream of JSON lines is not one object).
 */
final class MiniJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private MiniJson() {
    }

    static Map<String, Object> parseObject(String text) {
        try {
            Map<String, Object> value = MAPPER.readValue(text, new TypeReference<Map<String, Object>>() { });
            if (value == null) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return value;
        } catch (Exception e) {
            throw new IllegalArgumentException("not a JSON object", e);
        }
    }
}
