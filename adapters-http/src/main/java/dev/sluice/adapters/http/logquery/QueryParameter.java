package dev.sluice.adapters.http.logquery;

import java.util.Objects;

/** One decoded {@code name=value} pair of a query string, kept in the order it was sent. */
public record QueryParameter(String name, String value) {

    public QueryParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
