package dev.sluice.application.token;

import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.token.GatewayToken;

import java.util.List;

/** Keeps gateway tokens (hashed); may block. */
public interface StoreGatewayTokenPort {

    void insertToken(GatewayToken token);

    List<GatewayToken> listTokens(GatewayRef gateway);

    boolean deleteToken(GatewayRef gateway, String tokenId);
}
