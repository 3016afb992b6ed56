package dev.sluice.adapters.store.metrics;

import dev.sluice.adapters.store.RateLimitedWarning;
import dev.sluice.application.limits.LimitEventsPort;
import dev.sluice.domain.gateway.GatewayRef;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Limits in {@code /prometheus}: {@code sluice_limits_refused_total{gateway, rule}} for requests a limit
 * refused, and {@code sluice_limits_store_failures_total{gateway, rule, action}} for checks whose counters
 * could not be reached (each also a warning, at most one per {@link #WARNING_INTERVAL}).
 */
public final class MicrometerLimitEvents implements LimitEventsPort {

    private static final Duration WARNING_INTERVAL = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(MicrometerLimitEvents.class);

    private final MeterRegistry registry;
    private final RateLimitedWarning warning = new RateLimitedWarning(LOG, WARNING_INTERVAL);

    public MicrometerLimitEvents(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void refused(GatewayRef gateway, String rule) {
        Counter.builder("sluice.limits.refused").description("Requests a limit refused")
                .tag("gateway", gateway.id().value()).tag("rule", rule).register(registry).increment();
    }

    @Override
    public void storeFailed(GatewayRef gateway, String rule, boolean allowed, Throwable cause) {
        String action = allowed ? "allow" : "deny";
        Counter.builder("sluice.limits.store.failures")
                .description("Limit checks whose counters could not be reached, by what the rule did")
                .tag("gateway", gateway.id().value()).tag("rule", rule).tag("action", action)
                .register(registry).increment();
        warning.warn("The counters of limit '{}' on gateway '{}' could not be reached; the request was {}",
                rule, gateway.id().value(), allowed ? "let through" : "refused");
    }
}
