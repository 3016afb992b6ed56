package dev.sluice.application.limits;

import dev.sluice.domain.gateway.GatewayRef;

import java.util.List;

/** {@code GET …/gateways/{id}/limits}: each of a gateway's limits with what its counters hold now. */
public interface LimitUsageUseCase {

    List<RuleUsage> usage(GatewayRef gateway);
}
