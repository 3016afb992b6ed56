package dev.sluice.application.token;

import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.token.GatewayToken;

import java.util.List;

/** Keeps gateway tokens (hashed); may block. */
public interface StoreGatewayTokenPort {

    /** Whether the gateway exists: tokens are a gateway's own, and there are none of a gateway that is not. */
    boolean gatewayExists(GatewayRef gateway);

    /** @return false when the token's gateway does not exist, or is deleted while the token is stored */
    boolean insertToken(GatewayToken token);

    List<GatewayToken> listTokens(GatewayRef gateway);

    boolean deleteToken(GatewayRef gateway, String tokenId);
}
