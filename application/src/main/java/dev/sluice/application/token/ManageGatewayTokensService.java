package dev.sluice.application.token;

import dev.sluice.application.gateway.ManageGatewaysUseCase;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.token.GatewayToken;
import dev.sluice.domain.token.TokenGenerator;
import dev.sluice.domain.token.TokenHash;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Issues gateway tokens (the secret shown once, the hash kept) and revokes them. */
public final class ManageGatewayTokensService implements ManageGatewayTokensUseCase {

    private static final int MAX_NAME_LENGTH = 128;

    private final ManageGatewaysUseCase gateways;
    private final StoreGatewayTokenPort store;
    private final TokenGenerator generator;
    private final Clock clock;

    public ManageGatewayTokensService(ManageGatewaysUseCase gateways, StoreGatewayTokenPort store,
                                      TokenGenerator generator, Clock clock) {
        this.gateways = gateways;
        this.store = store;
        this.generator = generator;
        this.clock = clock;
    }

    @Override
    public IssuedGatewayToken issue(GatewayRef gateway, String name) {
        gateways.get(gateway);
        String cleanName = name == null || name.isBlank() ? "token" : name.trim();
        if (cleanName.length() > MAX_NAME_LENGTH) {
            throw new GatewayException(ErrorCode.INVALID_BODY, "name must be at most " + MAX_NAME_LENGTH + " characters");
        }
        String plaintext = generator.next();
        GatewayToken token = new GatewayToken(UUID.randomUUID().toString(), gateway, cleanName,
                TokenHash.of(plaintext), clock.instant());
        if (!store.insertToken(token)) {
            // Deleted between the check above and the insert: the token would have gone with it.
            throw new GatewayException(ErrorCode.NOT_FOUND, "Gateway '" + gateway.id() + "' not found");
        }
        return new IssuedGatewayToken(token, plaintext);
    }

    @Override
    public List<GatewayToken> list(GatewayRef gateway) {
        gateways.get(gateway);
        return store.listTokens(gateway);
    }

    @Override
    public void revoke(GatewayRef gateway, String tokenId) {
        gateways.get(gateway);
        if (!store.deleteToken(gateway, tokenId)) {
            throw new GatewayException(ErrorCode.NOT_FOUND, "Token '" + tokenId + "' not found");
        }
    }
}
