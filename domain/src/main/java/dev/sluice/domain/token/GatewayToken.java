package dev.sluice.domain.token;

import dev.sluice.domain.gateway.GatewayRef;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A token that authenticates requests to one gateway ({@code cf-aig-authorization}). Only its hash is
 * kept; its creation time has millisecond precision, as a gateway's has.
 */
public record GatewayToken(String id, GatewayRef gateway, String name, TokenHash hash, Instant createdAt) {

    public GatewayToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hash, "hash");
        createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
    }
}
