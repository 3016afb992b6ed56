package dev.sluice.application.proxy;

import dev.sluice.application.pipeline.CallOptions;
import dev.sluice.application.pipeline.GatewayCall;
import dev.sluice.application.pipeline.Pipeline;
import dev.sluice.application.pipeline.ProxiedResponse;

import java.util.concurrent.CompletionStage;

/**
 * The provider-native surface: a request to {@code /v1/{account}/{gateway}/{provider}/{path}} is a call
 * through the pipeline as it came, body and provider credentials passed through, {@code cf-aig-*}
 * headers read by the pipeline's policy stage.
 */
public final class ProxyProviderRequestService implements ProxyProviderRequestUseCase {

    private final Pipeline pipeline;

    public ProxyProviderRequestService(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public CompletionStage<ProxiedResponse> proxy(ProxyProviderRequestCommand command) {
        return pipeline.run(new GatewayCall(command.requestId(), command.account(), command.gateway(),
                command.provider(), command.method(), command.path(), command.rawQuery(), command.headers(),
                command.body(), CallOptions.NONE, command.clientGone()));
    }
}
