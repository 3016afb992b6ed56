package dev.sluice.planted;

import dev.sluice.domain.gateway.GatewayId;

/** Planted: a class in no layer at all that uses the domain. */
public final class Stray {
    public Object reach(GatewayId id) {
        return id;
    }
}
