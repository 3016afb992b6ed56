package dev.sluice.adapters.http.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.domain.json.JsonObjectReader;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads JSON objects for the domain's header parsing with Micronaut's own JSON mapper. */
public final class SerdeJsonObjectReader implements JsonObjectReader {

    private static final Argument<Map<String, Object>> OBJECT = Argument.mapOf(String.class, Object.class);

    private static final JsonFactory TOKENS = new JsonFactory();

    private final JsonMapper json;

    public SerdeJsonObjectReader(JsonMapper json) {
        this.json = json;
    }

    /**
     * Streams the object's top level, skipping every other value unread: no tree, no copy of the body. A field given
     * more than once is read as its last value, as the JSON parsers providers run (Python's, Go's, JavaScript's,
     * Jackson's) read it, so the gateway goes by the value the provider will.
     */
    @Override
    public Optional<String> readTopLevelString(byte[] body, String field) {
        Optional<String> found = Optional.empty();
        try (JsonParser parser = TOKENS.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean wanted = field.equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (wanted) {
                    found = value == JsonToken.VALUE_STRING ? Optional.of(parser.getText()) : Optional.empty();
                }
                parser.skipChildren();
            }
            return found;
        } catch (IOException | RuntimeException e) {
            // A body cut short (a logged head) still names the model it had named before the cut.
            return found;
        }
    }

    /** Streams the object's top level as {@link #readTopLevelString} does; strings and nested values are never built. */
    @Override
    public boolean readTopLevelTrue(byte[] body, String field) {
        try (JsonParser parser = TOKENS.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            boolean found = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean wanted = field.equals(parser.currentName());
                JsonToken value = parser.nextToken();
                if (wanted) {
                    found = value == JsonToken.VALUE_TRUE;
                }
                parser.skipChildren();
            }
            return found && parser.currentToken() == JsonToken.END_OBJECT;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Streams the object, building maps and values but skipping every array unread. */
    @Override
    public Map<String, Object> readObjectWithoutArrays(String text) {
        try (JsonParser parser = TOKENS.createParser(text)) {
            return wholeObjectWithoutArrays(parser);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object", e);
        }
    }

    /** As {@link #readObjectWithoutArrays(String)}, straight from the bytes: no text copy of the body. */
    @Override
    public Map<String, Object> readObjectWithoutArrays(byte[] json) {
        try (JsonParser parser = TOKENS.createParser(json)) {
            return wholeObjectWithoutArrays(parser);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object", e);
        }
    }

    private static Map<String, Object> wholeObjectWithoutArrays(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Map<String, Object> object = objectWithoutArrays(parser);
        if (parser.nextToken() != null) {
            throw new IllegalArgumentException("not a JSON object: more follows it");
        }
        return object;
    }

    private static Map<String, Object> objectWithoutArrays(JsonParser parser) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (token) {
                case START_OBJECT -> object.put(name, objectWithoutArrays(parser));
                case START_ARRAY -> parser.skipChildren();
                case VALUE_STRING -> object.put(name, parser.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> object.put(name, parser.getNumberValue());
                case VALUE_TRUE, VALUE_FALSE -> object.put(name, parser.getBooleanValue());
                default -> object.put(name, null);
            }
        }
        return object;
    }

    @Override
    public Map<String, Object> readObject(String text) {
        String trimmed = text.trim();
        if (!trimmed.startsWith("{")) {
            throw new IllegalArgumentException("not a JSON object");
        }
        try {
            Map<String, Object> value = json.readValue(trimmed, OBJECT);
            if (value == null || JsonBodies.values(TOKENS.createParser(trimmed)) != JsonBodies.Values.ONE) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a JSON object", e);
        }
    }
}
