package dev.sluice.domain.gateway;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.name.Names;

/** The account a gateway belongs to; Sluice serves one, but the URLs keep Cloudflare's shape. */
public record AccountId(String value) {

    public AccountId {
        if (value == null || !Names.isWord(value, 64)) {
            throw new GatewayException(ErrorCode.UNKNOWN_GATEWAY, "Invalid account id");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
