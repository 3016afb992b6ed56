package dev.sluice.adapters.gateway.planted;

import dev.sluice.adapters.http.json.SerdeJsonObjectReader;
import dev.sluice.application.proxy.ProxyProviderRequestUseCase;

/**
 * Planted: an outbound adapter that calls back into the application through an in-port (as the old
 * in-process /generate adapter did) and uses the inbound adapter.
 */
public final class GatewayAdapterReachingIn {
    public Object reach(ProxyProviderRequestUseCase proxy, SerdeJsonObjectReader json) {
        return proxy.toString() + json;
    }
}
