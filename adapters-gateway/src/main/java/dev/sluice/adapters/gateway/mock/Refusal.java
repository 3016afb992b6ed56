package dev.sluice.adapters.gateway.mock;

import io.micronaut.json.tree.JsonNode;

import java.util.Optional;

/**
 * Why the mock refuses a request, as a real provider would say it: the field at fault ({@code param}, in
 * OpenAI's words, e.g. {@code messages[0].role}), a message naming it, and OpenAI's error code.
 */
record Refusal(String field, String message, String code) {

    static Refusal missing(String field) {
        return new Refusal(field, "Missing required parameter: '" + field + "'.", "missing_required_parameter");
    }

    static Refusal wrongType(String field, String expected, JsonNode actual) {
        return new Refusal(field, "Invalid type for '" + field + "': expected " + expected + ", but got "
                + typeName(actual) + " instead.", "invalid_type");
    }

    /**
     * The refusal of {@code field} (a dotted path: {@code stream_options.include_usage}) if it is present and
     * not of the wanted type; absent (or null) is not judged.
     */
    static Optional<Refusal> optional(JsonNode body, String field, Kind kind) {
        JsonNode value = body;
        for (String name : field.split("\\.")) {
            value = value != null && value.isObject() ? value.get(name) : null;
        }
        return value == null || value.isNull() || kind.matches(value) ? Optional.empty()
                : Optional.of(wrongType(field, kind.description, value));
    }

    static String typeName(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        if (node.isString()) {
            return "a string";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isNumber()) {
            return node.getNumberValue() instanceof Double || node.getNumberValue() instanceof Float
                    || node.getNumberValue() instanceof java.math.BigDecimal ? "a decimal" : "an integer";
        }
        return node.isArray() ? "an array" : "an object";
    }

    /** The JSON types the mock checks fields against. */
    enum Kind {
        STRING("a string"), BOOLEAN("a boolean"), NUMBER("a number"), INTEGER("an integer"), OBJECT("an object");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        boolean matches(JsonNode value) {
            return switch (this) {
                case STRING -> value.isString();
                case BOOLEAN -> value.isBoolean();
                case NUMBER -> value.isNumber();
                case INTEGER -> value.isNumber() && "an integer".equals(typeName(value));
                case OBJECT -> value.isObject();
            };
        }
    }
}
