package dev.sluice.application.token;

import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.token.TokenHash;

import java.util.Set;
import java.util.concurrent.CompletionStage;

/** The hashes of the tokens a gateway accepts, for the request path; never blocks the caller. */
public interface LoadGatewayTokensPort {

    CompletionStage<Set<TokenHash>> loadTokenHashes(GatewayRef ref);
}
