package dev.sluice.adapters.http.universal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.Backoff;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.policy.GatewayHeaders;
import dev.sluice.domain.universal.UniversalStep;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads a universal request's body — a JSON array of steps, or one step object — with Jackson's token
 * stream: each step's {@code query} is kept as the exact bytes the client sent (it is the provider's
 * body), the rest read field by field, and the first thing wrong is a 400 that names the step and field.
 * Header values may be strings, numbers or booleans (written as text, as Cloudflare's binding does).
 */
final class UniversalSteps {

    private static final JsonFactory TOKENS = new JsonFactory();
    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}");

    private UniversalSteps() {
    }

    static List<UniversalStep> read(byte[] body) {
        try (JsonParser parser = TOKENS.createParser(body)) {
            JsonToken first = parser.nextToken();
            List<UniversalStep> steps = new ArrayList<>();
            if (first == JsonToken.START_OBJECT) {
                steps.add(step(parser, body, 0));
            } else if (first == JsonToken.START_ARRAY) {
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    if (steps.size() == UniversalStep.MAX_STEPS) {
                        throw invalid("steps: at most " + UniversalStep.MAX_STEPS + " steps are allowed");
                    }
                    if (parser.currentToken() != JsonToken.START_OBJECT) {
                        throw UniversalStep.invalid(steps.size(), "", "must be an object");
                    }
                    steps.add(step(parser, body, steps.size()));
                }
            } else {
                throw invalid("The body must be a JSON array of steps, or one step object");
            }
            if (steps.isEmpty()) {
                throw invalid("steps: at least one step is required");
            }
            if (parser.nextToken() != null) {
                throw invalid("The body must be one JSON array of steps, or one step object, with nothing after it");
            }
            return steps;
        } catch (InputCoercionException e) {
            throw invalid("A number in the body is out of range: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw invalid("The body is not valid JSON");
        }
    }

    private static UniversalStep step(JsonParser parser, byte[] body, int index) throws IOException {
        String provider = null;
        String endpoint = null;
        List<Header> headers = new ArrayList<>();
        byte[] query = null;
        UniversalStep.Config config = UniversalStep.Config.NONE;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "provider" -> provider = string(parser, index, field);
                case "endpoint" -> endpoint = string(parser, index, field);
                case "authorization" -> headers.add(new Header("authorization", string(parser, index, field)));
                case "headers" -> headers.addAll(0, headers(parser, index));
                case "query" -> {
                    if (value != JsonToken.START_OBJECT) {
                        throw UniversalStep.invalid(index, "query", "must be an object (the provider's request body)");
                    }
                    int start = (int) parser.currentTokenLocation().getByteOffset();
                    parser.skipChildren();
                    int end = (int) parser.currentLocation().getByteOffset();
                    query = Arrays.copyOfRange(body, start, end);
                }
                case "config" -> config = config(parser, index);
                default -> parser.skipChildren();
            }
        }
        if (provider == null || provider.isBlank()) {
            throw UniversalStep.invalid(index, "provider", "is required");
        }
        if (endpoint == null) {
            throw UniversalStep.invalid(index, "endpoint", "is required (the path after the provider)");
        }
        if (query == null) {
            throw UniversalStep.invalid(index, "query", "is required (the provider's request body)");
        }
        return new UniversalStep(provider, endpoint.startsWith("/") ? endpoint.substring(1) : endpoint, headers,
                query, config);
    }

    private static String string(JsonParser parser, int index, String field) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw UniversalStep.invalid(index, field, "must be a string");
        }
        return parser.getText();
    }

    private static List<Header> headers(JsonParser parser, int index) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw UniversalStep.invalid(index, "headers", "must be an object of header names and values");
        }
        List<Header> headers = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                throw UniversalStep.invalid(index, "headers." + name, "must be a string, number or boolean");
            }
            if (value == JsonToken.VALUE_NULL) {
                continue;
            }
            String text = parser.getText();
            if (!TOKEN.matcher(name).matches() || text.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw UniversalStep.invalid(index, "headers." + name, "is not a valid header name and value");
            }
            headers.add(new Header(name, text));
        }
        return headers;
    }

    private static UniversalStep.Config config(JsonParser parser, int index) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw UniversalStep.invalid(index, "config", "must be an object");
        }
        Optional<Duration> timeout = Optional.empty();
        Optional<Integer> attempts = Optional.empty();
        Optional<Duration> delay = Optional.empty();
        Optional<Backoff> backoff = Optional.empty();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "requestTimeout" -> timeout = Optional.of(Duration.ofMillis(whole(parser, index, field, 1,
                        GatewayHeaders.MAX_TIMEOUT_MS)));
                case "maxAttempts" -> attempts = Optional.of((int) whole(parser, index, field, 1, 5));
                case "retryDelay" -> delay = Optional.of(Duration.ofMillis(whole(parser, index, field, 0, 5000)));
                case "backoff" -> {
                    String wire = string(parser, index, "config.backoff");
                    try {
                        backoff = Optional.of(Backoff.fromWire(wire, "config.backoff"));
                    } catch (GatewayException unknown) {
                        throw UniversalStep.invalid(index, "config.backoff", "must be constant, linear or exponential");
                    }
                }
                // A misspelt setting would otherwise be dropped unseen, and the step run without it.
                default -> throw UniversalStep.invalid(index, "config." + field,
                        "is not a setting; config takes requestTimeout, maxAttempts, retryDelay and backoff");
            }
        }
        return new UniversalStep.Config(timeout, attempts, delay, backoff);
    }

    private static long whole(JsonParser parser, int index, String field, long min, long max) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw UniversalStep.invalid(index, "config." + field, "must be a whole number");
        }
        // A whole number past a long is out of the range too, named as such (it was "a number in the body is out of
        // range" with the parser's words, naming no field).
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw UniversalStep.invalid(index, "config." + field, "must be between " + min + " and " + max);
        }
        long value = parser.getLongValue();
        if (value < min || value > max) {
            throw UniversalStep.invalid(index, "config." + field, "must be between " + min + " and " + max);
        }
        return value;
    }

    private static GatewayException invalid(String message) {
        return new GatewayException(ErrorCode.INVALID_BODY, message);
    }
}
