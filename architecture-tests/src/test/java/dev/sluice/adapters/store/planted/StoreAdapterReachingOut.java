package dev.sluice.adapters.store.planted;

import dev.sluice.adapters.gateway.remote.RemoteGatewayAdapter;
import dev.sluice.application.planted.GatewayLoader;
import dev.sluice.bootstrap.SluiceConfiguration;

/** Planted: a store adapter that uses bootstrap and another adapter, and implements a non-port interface. */
public final class StoreAdapterReachingOut implements GatewayLoader {
    public Object reach(SluiceConfiguration configuration, RemoteGatewayAdapter remote) {
        return configuration.toString() + remote;
    }

    @Override
    public void load() {
    }
}
