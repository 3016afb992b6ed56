package dev.sluice.domain.gateway;

import java.util.Objects;

/** Names one gateway: the account it belongs to and its id. */
public record GatewayRef(AccountId account, GatewayId id) {

    public GatewayRef {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(id, "id");
    }

    @Override
    public String toString() {
        return account + "/" + id;
    }
}
