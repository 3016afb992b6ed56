package dev.sluice.domain.gateway;

import java.util.Locale;

/** How the delay between retries grows: not at all, by the base delay each time, or doubling. */
public enum Backoff {
    CONSTANT, LINEAR, EXPONENTIAL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Backoff fromWire(String wire, String field) {
        return WireEnums.parse(Backoff.class, wire, field, false);
    }
}
