package dev.sluice.application.token;

import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.token.GatewayToken;

import java.util.List;

/** Issues and revokes the tokens an authenticated gateway accepts in {@code cf-aig-authorization}. */
public interface ManageGatewayTokensUseCase {

    /** The returned plaintext is shown once; only its hash is kept. */
    IssuedGatewayToken issue(GatewayRef gateway, String name);

    List<GatewayToken> list(GatewayRef gateway);

    void revoke(GatewayRef gateway, String tokenId);
}
