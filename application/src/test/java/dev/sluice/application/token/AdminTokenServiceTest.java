package dev.sluice.application.token;

import dev.sluice.domain.token.TokenGenerator;
import dev.sluice.domain.token.TokenHash;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AdminTokenServiceTest {

    private static final class OneSlot implements StoreAdminTokenPort {
        Optional<TokenHash> stored = Optional.empty();

        @Override
        public Optional<TokenHash> loadAdminToken() {
            return stored;
        }

        @Override
        public boolean saveAdminTokenIfAbsent(TokenHash hash) {
            if (stored.isPresent()) {
                return false;
            }
            stored = Optional.of(hash);
            return true;
        }
    }

    private final OneSlot store = new OneSlot();

    @Test
    void generatesOnceStoresOnlyTheHashAndShowsItOnce() {
        AdminTokenService first = new AdminTokenService(store, new TokenGenerator("a_"));
        String token = first.provision(Optional.empty()).orElseThrow();
        assertThat(store.stored).contains(TokenHash.of(token));
        assertThat(first.isAdmin(token)).isTrue();

        AdminTokenService restarted = new AdminTokenService(store, new TokenGenerator("a_"));
        assertThat(restarted.provision(Optional.empty())).isEmpty();
        assertThat(restarted.isAdmin(token)).isTrue();
        assertThat(restarted.isAdmin("a_guess")).isFalse();
    }

    @Test
    void aConfiguredTokenWinsAndIsNotStored() {
        AdminTokenService service = new AdminTokenService(store, new TokenGenerator("a_"));
        assertThat(service.provision(Optional.of(" chosen "))).isEmpty();
        assertThat(service.isAdmin("chosen")).isTrue();
        assertThat(store.stored).isEmpty();
    }

    @Test
    void aReplicaThatLosesTheRaceUsesTheWinnersToken() {
        store.stored = Optional.of(TokenHash.of("winner"));
        StoreAdminTokenPort racing = new StoreAdminTokenPort() {
            private boolean first = true;

            @Override
            public Optional<TokenHash> loadAdminToken() {
                if (first) {
                    first = false;
                    return Optional.empty();
                }
                return store.loadAdminToken();
            }

            @Override
            public boolean saveAdminTokenIfAbsent(TokenHash hash) {
                return store.saveAdminTokenIfAbsent(hash);
            }
        };
        AdminTokenService loser = new AdminTokenService(racing, new TokenGenerator("a_"));
        assertThat(loser.provision(Optional.empty())).isEmpty();
        assertThat(loser.isAdmin("winner")).isTrue();
    }

    @Test
    void nothingIsAdminBeforeProvisioning() {
        assertThat(new AdminTokenService(store, new TokenGenerator("a_")).isAdmin("")).isFalse();
    }
}
