package dev.sluice.adapters.http.management;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayRef;

/** Reads the account and gateway of a management URL; a malformed one names nothing that exists. */
public final class GatewayRefs {

    private GatewayRefs() {
    }

    public static AccountId account(String account) {
        try {
            return new AccountId(account);
        } catch (GatewayException e) {
            throw new GatewayException(ErrorCode.NOT_FOUND, "Account not found");
        }
    }

    public static GatewayRef existing(String account, String id) {
        GatewayId gateway = GatewayId.parse(id)
                .orElseThrow(() -> new GatewayException(ErrorCode.NOT_FOUND, "Gateway not found"));
        return new GatewayRef(account(account), gateway);
    }
}
