package dev.sluice.adapters.gateway.transport;

import dev.sluice.application.pipeline.CallProviderPort;
import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.exchange.UpstreamResponse;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Sends each request to the adapter for its provider's transport: in-process (mock) or HTTP. */
public final class RoutingProviderAdapter implements CallProviderPort {

    private final CallProviderPort http;
    private final CallProviderPort inProcess;

    public RoutingProviderAdapter(CallProviderPort http, CallProviderPort inProcess) {
        this.http = http;
        this.inProcess = inProcess;
    }

    @Override
    public CompletionStage<UpstreamResponse> callProvider(UpstreamRequest request, Optional<Duration> firstByteTimeout) {
        return request.provider().inProcess()
                ? inProcess.callProvider(request, firstByteTimeout)
                : http.callProvider(request, firstByteTimeout);
    }
}
