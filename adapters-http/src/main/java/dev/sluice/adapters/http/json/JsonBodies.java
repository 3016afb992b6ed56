package dev.sluice.adapters.http.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.adapters.http.error.FrameworkMessages;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;

/**
 * A request body read as one JSON value, and nothing after it. Micronaut's binding reads the first value and ignores
 * the rest, so {@code {"id":"a"} garbage} (or a second object, from a client that wrote two) was taken as its first
 * part; here it is the 400 it is. Used where the control plane reads a body whole; off the request path.
 */
public final class JsonBodies {

    private static final JsonFactory TOKENS = new JsonFactory();

    private JsonBodies() {
    }

    /** The body's one value as a tree, or {@code null} for no body (nothing, or only whitespace). */
    @Nullable
    public static JsonNode tree(JsonMapper json, @Nullable byte[] body) {
        if (body == null) {
            return null;
        }
        Values values;
        try {
            values = values(TOKENS.createParser(body));
        } catch (JsonProcessingException e) {
            throw invalid("Invalid JSON: " + FrameworkMessages.plain(firstLine(e.getMessage())));
        } catch (IOException e) {
            throw invalid("Invalid JSON");
        }
        return switch (values) {
            case NONE -> null;
            case MORE -> throw invalid("The body must be one JSON value, with nothing after it");
            case ONE -> read(json, body);
        };
    }

    enum Values { NONE, ONE, MORE }

    /**
     * How many values the parser's input holds: none, one, or one with more after it (Micronaut's mapper reads one
     * value and ignores what follows it); a malformed value throws. Closes the parser.
     */
    static Values values(JsonParser input) throws IOException {
        try (JsonParser parser = input) {
            if (parser.nextToken() == null) {
                return Values.NONE;
            }
            parser.skipChildren();
            return parser.nextToken() == null ? Values.ONE : Values.MORE;
        }
    }

    private static JsonNode read(JsonMapper json, byte[] body) {
        try {
            return json.readValue(body, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            throw invalid("Invalid JSON");
        }
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        String line = end < 0 ? message : message.substring(0, end);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static GatewayException invalid(String message) {
        return new GatewayException(ErrorCode.INVALID_BODY, message);
    }
}
