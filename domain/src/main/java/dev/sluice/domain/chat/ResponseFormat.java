package dev.sluice.domain.chat;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What shape the answer's text must take: free text, any JSON object, or JSON matching a schema. */
public record ResponseFormat(Kind kind, Optional<String> name, Map<String, Object> schema, boolean strict) {

    public enum Kind { TEXT, JSON_OBJECT, JSON_SCHEMA }

    public ResponseFormat {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        schema = schema == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(schema));
    }
}
