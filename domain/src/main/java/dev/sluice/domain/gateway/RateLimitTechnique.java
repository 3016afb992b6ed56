package dev.sluice.domain.gateway;

import java.util.Locale;

/** Fixed windows count per aligned wall-clock window; sliding windows count over the last interval. */
public enum RateLimitTechnique {
    FIXED, SLIDING;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RateLimitTechnique fromWire(String wire) {
        return WireEnums.parse(RateLimitTechnique.class, wire, "rate_limiting_technique", false);
    }
}
