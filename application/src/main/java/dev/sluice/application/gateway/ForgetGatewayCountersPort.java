package dev.sluice.application.gateway;

import dev.sluice.domain.gateway.GatewayRef;

import java.util.concurrent.CompletionStage;

/**
 * Drops every limit counter of a gateway that is being deleted, so one created again under its id starts with none
 * of its predecessor's counts or spend.
 */
@FunctionalInterface
public interface ForgetGatewayCountersPort {

    CompletionStage<Void> forgetCounters(GatewayRef gateway);
}
