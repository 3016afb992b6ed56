package dev.sluice.adapters.http.planted;

import dev.sluice.adapters.store.cache.EmbeddedResponseCache;
import dev.sluice.application.gateway.ManageGatewaysService;
import dev.sluice.application.log.StoreLogsPort;
import dev.sluice.application.planted.GatewayLister;

/**
 * Planted: an inbound adapter that reaches past the ports into a service, into another adapter, into an
 * out-port, and calls an application interface that is not a use case.
 */
public final class AdapterUsingService {
    public Object reach(ManageGatewaysService service, EmbeddedResponseCache store, StoreLogsPort logs,
                        GatewayLister lister) {
        lister.list();
        return service.toString() + store + logs;
    }
}
