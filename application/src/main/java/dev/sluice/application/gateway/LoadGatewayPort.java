package dev.sluice.application.gateway;

import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayRef;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Looks a gateway up on the request path. Must not block the caller: answers from memory when it can
 * and loads off the caller's thread when it cannot.
 */
public interface LoadGatewayPort {

    CompletionStage<Optional<Gateway>> loadGateway(GatewayRef ref);
}
