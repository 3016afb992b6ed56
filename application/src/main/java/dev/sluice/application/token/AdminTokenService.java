package dev.sluice.application.token;

import dev.sluice.domain.token.TokenGenerator;
import dev.sluice.domain.token.TokenHash;

import java.util.Optional;

/**
 * Holds the admin token's hash in memory once settled, so checking a request costs one hash and no
 * I/O. A configured token wins; otherwise the stored one is used, and the first replica to start with
 * neither generates one.
 */
public final class AdminTokenService implements AuthenticateAdminUseCase, ProvisionAdminTokenUseCase {

    private final StoreAdminTokenPort store;
    private final TokenGenerator generator;
    private volatile Optional<TokenHash> current = Optional.empty();

    public AdminTokenService(StoreAdminTokenPort store, TokenGenerator generator) {
        this.store = store;
        this.generator = generator;
    }

    @Override
    public Optional<String> provision(Optional<String> configuredToken) {
        Optional<String> configured = configuredToken.map(String::trim).filter(token -> !token.isEmpty());
        if (configured.isPresent()) {
            current = Optional.of(TokenHash.of(configured.get()));
            return Optional.empty();
        }
        Optional<TokenHash> stored = store.loadAdminToken();
        if (stored.isPresent()) {
            current = stored;
            return Optional.empty();
        }
        String generated = generator.next();
        if (store.saveAdminTokenIfAbsent(TokenHash.of(generated))) {
            current = Optional.of(TokenHash.of(generated));
            return Optional.of(generated);
        }
        current = store.loadAdminToken();
        return Optional.empty();
    }

    @Override
    public boolean isAdmin(TokenHash presented) {
        return current.map(hash -> hash.sameAs(presented)).orElse(false);
    }
}
