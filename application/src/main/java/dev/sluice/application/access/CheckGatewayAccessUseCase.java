package dev.sluice.application.access;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Whether a caller may use a gateway at all, for a surface that must know before it takes anything from the caller:
 * a WebSocket, which is closed before any of its messages is read when the gateway would refuse every one of them.
 */
public interface CheckGatewayAccessUseCase {

    /**
     * Completes when {@code presentedToken} opens the named gateway (any token does for one without authentication);
     * fails with the gateway's refusal otherwise: unknown gateway (2001) or unauthorized (2009).
     */
    CompletionStage<Void> check(String accountName, String gatewayName, Optional<String> presentedToken);
}
