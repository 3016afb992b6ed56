package dev.sluice.application.token;

import dev.sluice.domain.token.TokenHash;

/** Decides whether a bearer token is the admin token that guards the management API. */
public interface AuthenticateAdminUseCase {

    /** Whether the presented token, already hashed (a gateway's check hashes it once for every test), is the admin's. */
    boolean isAdmin(TokenHash presented);

    /** Whether the presented token is the admin's; an empty or missing one never is. */
    default boolean isAdmin(String presentedToken) {
        return presentedToken != null && !presentedToken.isEmpty() && isAdmin(TokenHash.of(presentedToken));
    }
}
