package dev.sluice.application.limits;

import dev.sluice.domain.gateway.GatewayRef;

import java.time.Instant;
import java.util.List;

/** {@code GET …/gateways/{id}/limits}: each of a gateway's limits with what its counters hold now. */
public interface LimitUsageUseCase {

    List<RuleUsage> usage(GatewayRef gateway);

    /** A rule (the gateway's own rate limit is {@code rate_limiting}) and its counters. */
    record RuleUsage(String id, String count, String limit, long windowSeconds, String technique, boolean enabled,
                     List<PartitionUsage> counters) {
    }

    /**
     * One counter: its partition ({@code ""} when the rule has none), what it holds and what remains in the
     * rule's units (dollars for spend), and when it next frees room.
     */
    record PartitionUsage(String partition, String used, String remaining, Instant reset) {
    }
}
