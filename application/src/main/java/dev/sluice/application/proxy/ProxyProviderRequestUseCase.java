package dev.sluice.application.proxy;

import dev.sluice.application.pipeline.ProxiedResponse;
import java.util.concurrent.CompletionStage;

/**
 * Sends a provider-native request through a gateway: the gateway's settings and the request's
 * {@code cf-aig-*} headers applied, the provider's answer streamed back as it arrives.
 */
public interface ProxyProviderRequestUseCase {

    /** Completes with the provider's response head, or exceptionally with a {@code GatewayException}. */
    CompletionStage<ProxiedResponse> proxy(ProxyProviderRequestCommand command);
}
