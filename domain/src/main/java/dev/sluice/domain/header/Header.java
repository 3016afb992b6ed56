package dev.sluice.domain.header;

import java.util.Objects;

/** One HTTP header line, name as received. */
public record Header(String name, String value) {

    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    public boolean is(String other) {
        return name.equalsIgnoreCase(other);
    }
}
