package dev.sluice.application.limits;

import dev.sluice.domain.gateway.GatewayRef;

/** What the limits tell operators: refusals per gateway and rule, and counters that could not be reached. */
public interface LimitEventsPort {

    void refused(GatewayRef gateway, String rule);

    /** The rule's counter could not be reached; the request was let through ({@code allowed}) or refused. */
    void storeFailed(GatewayRef gateway, String rule, boolean allowed, Throwable cause);
}
