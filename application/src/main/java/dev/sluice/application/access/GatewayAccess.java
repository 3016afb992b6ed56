package dev.sluice.application.access;

import dev.sluice.application.gateway.LoadGatewayPort;

import dev.sluice.application.token.AuthenticateAdminUseCase;
import dev.sluice.application.token.LoadGatewayTokensPort;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.token.Credentials;
import dev.sluice.domain.token.TokenHash;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The first stage of every data-plane request: find the gateway the URL names and, when the gateway
 * requires it, check the presented token against its tokens (the admin token is accepted too). The
 * pipeline's gateway stage, shared by every surface that sends requests through a gateway.
 */
public final class GatewayAccess implements CheckGatewayAccessUseCase {

    private final AccountId account;
    private final LoadGatewayPort gateways;
    private final LoadGatewayTokensPort tokens;
    private final AuthenticateAdminUseCase admin;

    public GatewayAccess(AccountId account, LoadGatewayPort gateways, LoadGatewayTokensPort tokens,
                         AuthenticateAdminUseCase admin) {
        this.account = account;
        this.gateways = gateways;
        this.tokens = tokens;
        this.admin = admin;
    }

    /** The gateway, once {@code presentedToken} (the bearer token the caller presented) lets the caller in. */
    public CompletionStage<Gateway> open(String accountName, String gatewayName, Optional<String> presentedToken) {
        if (!account.value().equals(accountName)) {
            return CompletableFuture.failedFuture(new GatewayException(ErrorCode.UNKNOWN_GATEWAY));
        }
        var id = GatewayId.parse(gatewayName);
        if (id.isEmpty()) {
            return CompletableFuture.failedFuture(new GatewayException(ErrorCode.UNKNOWN_GATEWAY));
        }
        GatewayRef ref = new GatewayRef(account, id.get());
        return gateways.loadGateway(ref).thenCompose(found -> {
            Gateway gateway = found.orElseThrow(() -> new GatewayException(ErrorCode.UNKNOWN_GATEWAY));
            return gateway.settings().authentication() ? authenticate(gateway, presentedToken.orElse(""))
                    : CompletableFuture.completedFuture(gateway);
        });
    }

    @Override
    public CompletionStage<Void> check(String accountName, String gatewayName, Optional<String> presentedToken) {
        return open(accountName, gatewayName, presentedToken).thenApply(gateway -> null);
    }

    private CompletionStage<Gateway> authenticate(Gateway gateway, String presented) {
        if (presented.isEmpty()) {
            return CompletableFuture.failedFuture(new GatewayException(ErrorCode.UNAUTHORIZED));
        }
        // Hashed once for the admin token and every one of the gateway's.
        TokenHash presentedHash = TokenHash.of(presented);
        if (admin.isAdmin(presentedHash)) {
            return CompletableFuture.completedFuture(gateway);
        }
        return tokens.loadTokenHashes(gateway.ref()).thenApply(hashes -> {
            if (!Credentials.anyMatches(hashes, presentedHash)) {
                throw new GatewayException(ErrorCode.UNAUTHORIZED);
            }
            return gateway;
        });
    }
}
