package dev.sluice.application.token;

import dev.sluice.domain.token.TokenHash;

import java.util.Optional;

/** Keeps the admin token's hash, shared by every replica; may block. */
public interface StoreAdminTokenPort {

    Optional<TokenHash> loadAdminToken();

    /** Stores the hash unless one is stored already; false means another replica got there first. */
    boolean saveAdminTokenIfAbsent(TokenHash hash);
}
