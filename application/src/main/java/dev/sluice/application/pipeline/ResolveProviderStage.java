package dev.sluice.application.pipeline;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.exchange.HeaderForwarding;
import dev.sluice.domain.exchange.UpstreamRequest;
import dev.sluice.domain.provider.Provider;
import dev.sluice.domain.provider.ProviderCatalog;

import java.util.concurrent.CompletionStage;

/**
 * Finds the provider the call names (an unknown one is a 400, code 2008) and builds the request it will
 * be sent: the provider's URL for the path (which refuses any path that could leave the provider's base
 * path), and the client's headers less the gateway's own.
 */
public final class ResolveProviderStage implements Stage {

    private static final int MAX_NAME_IN_ERROR = 64;

    private final ProviderCatalog providers;

    public ResolveProviderStage(ProviderCatalog providers) {
        this.providers = providers;
    }

    @Override
    public String name() {
        return "provider";
    }

    @Override
    public CompletionStage<ProxiedResponse> apply(Exchange exchange, Next next) {
        GatewayCall call = exchange.call();
        String name = exchange.provider();
        Provider provider = providers.find(name)
                .orElseThrow(() -> new GatewayException(ErrorCode.INVALID_PROVIDER,
                        "Invalid provider '" + abbreviate(name) + "'"));
        exchange.request(UpstreamRequest.to(provider, call.method(), call.path(), call.rawQuery(),
                HeaderForwarding.towardsProvider(call.headers()), call.body()));
        return next.proceed(exchange);
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_NAME_IN_ERROR ? text : text.substring(0, MAX_NAME_IN_ERROR) + "…";
    }
}
