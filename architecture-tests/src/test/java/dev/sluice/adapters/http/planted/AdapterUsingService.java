package dev.sluice.adapters.http.planted;

import dev.sluice.adapters.store.gateway.JdbcGatewayStore;
import dev.sluice.application.gateway.ManageGatewaysService;

/** Planted: an inbound adapter that reaches past the ports into a service and another adapter. */
public final class AdapterUsingService {

    public Object reach(ManageGatewaysService service, JdbcGatewayStore store) {
        return service.toString() + store;
    }
}
