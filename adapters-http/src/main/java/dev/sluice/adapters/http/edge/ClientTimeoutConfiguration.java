package dev.sluice.adapters.http.edge;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * How long a client may take to send its request ({@code sluice.server.*}): the whole header block
 * from its first byte, and any pause in a body while the server waits for it. Defaults are in the README.
 */
@ConfigurationProperties("sluice.server")
record ClientTimeoutConfiguration(
        @Bindable(defaultValue = "10s") Duration headerTimeout,
        @Bindable(defaultValue = "30s") Duration bodyStallTimeout) {

    ClientTimeoutConfiguration {
        if (headerTimeout.isNegative() || headerTimeout.isZero() || bodyStallTimeout.isNegative() || bodyStallTimeout.isZero()) {
            throw new IllegalArgumentException("sluice.server.header-timeout and body-stall-timeout must be positive");
        }
    }
}
