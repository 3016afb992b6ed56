package dev.sluice.adapters.gateway.dialect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON for the provider dialects, in the domain's terms: documents as maps, lists and primitives
 * ({@code String}, {@code Long}, {@code Double}, {@code Boolean}, {@code null}), read and written with
 * Jackson's streaming parser and generator. Small accessors read the fields a wire format has without a
 * class per message, since a dialect reads a handful of fields from each and passes the rest on.
 */
public final class WireJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(64 * 1024 * 1024).build())
            .build();

    private WireJson() {
    }

    /** @throws IllegalArgumentException when the bytes are not one JSON object */
    public static Map<String, Object> readObject(byte[] json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            Map<String, Object> object = readObjectBody(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("trailing content after the JSON object");
            }
            return object;
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException bad ? bad.getOriginalMessage() : e.getMessage()), e);
        }
    }

    /** Reads any JSON value (for a stream event's data that may be an object or a bare value). */
    public static Object readValue(String json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() == null) {
                throw new IllegalArgumentException("empty JSON");
            }
            return value(parser);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException bad ? bad.getOriginalMessage() : e.getMessage()), e);
        }
    }

    public static byte[] write(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String writeString(Object value) {
        return new String(write(value), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Map<String, Object> readObjectBody(JsonParser parser) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            object.put(name, value(parser));
        }
        return object;
    }

    private static Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT:
                return readObjectBody(parser);
            case START_ARRAY:
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(parser));
                }
                return list;
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? parser.getBigIntegerValue()
                        : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalArgumentException("unexpected JSON token " + token);
        }
    }

    @SuppressWarnings("unchecked")
    private static void write(JsonGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                generator.writeFieldName(String.valueOf(entry.getKey()));
                write(generator, entry.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof Iterable<?> list) {
            generator.writeStartArray();
            for (Object item : list) {
                write(generator, item);
            }
            generator.writeEndArray();
        } else if (value instanceof double[] numbers) {
            generator.writeArray(numbers, 0, numbers.length);
        } else if (value instanceof String text) {
            generator.writeString(text);
        } else if (value instanceof Boolean flag) {
            generator.writeBoolean(flag);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            generator.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            generator.writeNumber(big);
        } else if (value instanceof BigDecimal decimal) {
            generator.writeNumber(decimal);
        } else if (value instanceof Number number) {
            generator.writeNumber(number.doubleValue());
        } else if (value instanceof Optional<?> optional) {
            write(generator, optional.orElse(null));
        } else {
            generator.writeString(value.toString());
        }
    }

    // Accessors: absent or of another type reads as empty.

    public static Optional<String> string(Map<String, Object> object, String field) {
        return Optional.ofNullable(WireJson.<String>typed(object, field, String.class, "a string"));
    }

    @SuppressWarnings("unchecked")
    public static Optional<Map<String, Object>> object(Map<String, Object> object, String field) {
        return Optional.ofNullable((Map<String, Object>) typed(object, field, Map.class, "an object"));
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Map<String, Object> object, String field) {
        List<Object> list = typed(object, field, List.class, "an array");
        return list == null ? List.of() : list;
    }

    /** The list's objects, skipping anything else. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> objects(Map<String, Object> object, String field) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object item : list(object, field)) {
            if (item instanceof Map<?, ?> map) {
                objects.add((Map<String, Object>) map);
            }
        }
        return objects;
    }

    public static Optional<Long> number(Map<String, Object> object, String field) {
        return Optional.ofNullable(WireJson.<Number>typed(object, field, Number.class, "a number")).map(Number::longValue);
    }

    public static Optional<Double> decimal(Map<String, Object> object, String field) {
        return Optional.ofNullable(WireJson.<Number>typed(object, field, Number.class, "a number")).map(Number::doubleValue);
    }

    /**
     * The field's value, null when it is absent or JSON null; a value of another type is a provider's answer that is
     * not what it documents, refused (the caller's 502) rather than read as absent, which made a malformed answer a
     * successful, empty one.
     */
    @SuppressWarnings("unchecked")
    private static <T> T typed(Map<String, Object> object, String field, Class<? super T> type, String expected) {
        Object value = object.get(field);
        if (value == null || type.isInstance(value)) {
            return (T) value;
        }
        throw new IllegalArgumentException(field + " is not " + expected);
    }
}
