package dev.sluice.application.access;

import dev.sluice.application.pipeline.Exchange;
import dev.sluice.application.pipeline.GatewayCall;
import dev.sluice.application.pipeline.ProxiedResponse;
import dev.sluice.application.pipeline.Stage;
import dev.sluice.domain.policy.GatewayHeaders;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The first stage: finds the gateway the call names and, when the gateway requires it, checks the token
 * the caller presents: {@code cf-aig-authorization}, or the token a caller in the same process passes.
 */
public final class ResolveGatewayStage implements Stage {

    private final GatewayAccess access;

    public ResolveGatewayStage(GatewayAccess access) {
        this.access = access;
    }

    @Override
    public String name() {
        return "gateway";
    }

    @Override
    public CompletionStage<ProxiedResponse> apply(Exchange exchange, Next next) {
        GatewayCall call = exchange.call();
        Optional<String> token = call.options().gatewayToken().or(() -> call.headers()
                .first(GatewayHeaders.AUTHORIZATION).map(GatewayHeaders::bearerToken));
        return access.open(call.account(), call.gateway(), token).thenCompose(gateway -> {
            exchange.gateway(gateway);
            return next.proceed(exchange);
        });
    }
}
