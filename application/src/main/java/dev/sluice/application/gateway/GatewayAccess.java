package dev.sluice.application.gateway;

import dev.sluice.application.token.AuthenticateAdminUseCase;
import dev.sluice.application.token.LoadGatewayTokensPort;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.exchange.Headers;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.policy.GatewayHeaders;
import dev.sluice.domain.token.Credentials;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The first stage of every data-plane request: find the gateway the URL names and, when the gateway
 * requires it, check {@code cf-aig-authorization} against its tokens (the admin token is accepted too).
 * Shared by every surface that sends requests through a gateway.
 */
public final class GatewayAccess {

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

    public CompletionStage<Gateway> open(String accountName, String gatewayName, Headers headers) {
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
            return gateway.settings().authentication() ? authenticate(gateway, headers)
                    : CompletableFuture.completedFuture(gateway);
        });
    }

    private CompletionStage<Gateway> authenticate(Gateway gateway, Headers headers) {
        String presented = headers.first(GatewayHeaders.AUTHORIZATION)
                .map(GatewayHeaders::bearerToken)
                .orElse("");
        if (presented.isEmpty()) {
            return CompletableFuture.failedFuture(new GatewayException(ErrorCode.UNAUTHORIZED));
        }
        if (admin.isAdmin(presented)) {
            return CompletableFuture.completedFuture(gateway);
        }
        return tokens.loadTokenHashes(gateway.ref()).thenApply(hashes -> {
            if (!Credentials.anyMatches(hashes, presented)) {
                throw new GatewayException(ErrorCode.UNAUTHORIZED);
            }
            return gateway;
        });
    }
}
