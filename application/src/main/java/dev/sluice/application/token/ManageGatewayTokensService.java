package dev.sluice.application.token;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.AccountId;
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

    private final AccountId account;
    private final StoreGatewayTokenPort store;
    private final TokenGenerator generator;
    private final Clock clock;

    public ManageGatewayTokensService(AccountId account, StoreGatewayTokenPort store, TokenGenerator generator,
                                      Clock clock) {
        this.account = account;
        this.store = store;
        this.generator = generator;
        this.clock = clock;
    }

    @Override
    public IssuedGatewayToken issue(GatewayRef gateway, String name) {
        existing(gateway);
        String cleanName = name == null || name.isBlank() ? "token" : name.trim();
        if (cleanName.length() > MAX_NAME_LENGTH) {
            throw new GatewayException(ErrorCode.INVALID_BODY, "name must be at most " + MAX_NAME_LENGTH + " characters");
        }
        String plaintext = generator.next();
        GatewayToken token = new GatewayToken(UUID.randomUUID().toString(), gateway, cleanName,
                TokenHash.of(plaintext), clock.instant());
        if (!store.insertToken(token)) {
            // Deleted between the check above and the insert: the token would have gone with it.
            throw notFound(gateway);
        }
        return new IssuedGatewayToken(token, plaintext);
    }

    @Override
    public List<GatewayToken> list(GatewayRef gateway) {
        existing(gateway);
        return store.listTokens(gateway);
    }

    @Override
    public void revoke(GatewayRef gateway, String tokenId) {
        existing(gateway);
        // No token's id holds a NUL, and PostgreSQL refuses one in text (which read as its outage, a 503).
        if (tokenId.indexOf('\0') >= 0 || !store.deleteToken(gateway, tokenId)) {
            throw new GatewayException(ErrorCode.NOT_FOUND, "Token '" + tokenId + "' not found");
        }
    }

    private void existing(GatewayRef gateway) {
        if (!account.equals(gateway.account())) {
            throw new GatewayException(ErrorCode.NOT_FOUND, "Account '" + gateway.account() + "' not found");
        }
        if (!store.gatewayExists(gateway)) {
            throw notFound(gateway);
        }
    }

    private static GatewayException notFound(GatewayRef gateway) {
        return new GatewayException(ErrorCode.NOT_FOUND, "Gateway '" + gateway.id() + "' not found");
    }
}
