package dev.sluice.domain.gateway;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A gateway: a named set of settings that requests are sent through. Its timestamps keep millisecond
 * precision, so they read back from any store exactly as they were written.
 */
public record Gateway(GatewayRef ref, GatewaySettings settings, Instant createdAt, Instant modifiedAt) {

    public Gateway {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(settings, "settings");
        createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
        modifiedAt = modifiedAt.truncatedTo(ChronoUnit.MILLIS);
    }

    public static Gateway create(GatewayRef ref, GatewaySettings settings, Instant now) {
        return new Gateway(ref, settings, now, now);
    }

    public Gateway update(GatewaySettings newSettings, Instant now) {
        return new Gateway(ref, newSettings, createdAt, now);
    }

    public boolean isDefault() {
        return GatewayId.DEFAULT.equals(ref.id());
    }
}
