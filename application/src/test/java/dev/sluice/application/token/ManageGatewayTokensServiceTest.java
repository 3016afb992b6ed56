package dev.sluice.application.token;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.token.GatewayToken;
import dev.sluice.domain.token.TokenGenerator;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManageGatewayTokensServiceTest {

    private static final AccountId ACCOUNT = new AccountId("local");
    private static final GatewayRef KEPT = new GatewayRef(ACCOUNT, new GatewayId("kept"));
    private static final GatewayRef GOING = new GatewayRef(ACCOUNT, new GatewayId("going"));

    /** Holds tokens of "kept"; "going" exists when asked but is deleted before its token is stored. */
    private final List<GatewayToken> stored = new ArrayList<>();
    private final StoreGatewayTokenPort store = new StoreGatewayTokenPort() {
        @Override
        public boolean gatewayExists(GatewayRef gateway) {
            return Set.of(KEPT, GOING).contains(gateway);
        }

        @Override
        public boolean insertToken(GatewayToken token) {
            return token.gateway().equals(KEPT) && stored.add(token);
        }

        @Override
        public List<GatewayToken> listTokens(GatewayRef gateway) {
            return stored.stream().filter(t -> t.gateway().equals(gateway)).toList();
        }

        @Override
        public boolean deleteToken(GatewayRef gateway, String tokenId) {
            if (tokenId.indexOf('\0') >= 0) {
                // As PostgreSQL answers text with a NUL in it: refused, which the API reports as its outage.
                throw new GatewayException(ErrorCode.STORE_UNAVAILABLE, "invalid byte sequence for encoding \"UTF8\": 0x00");
            }
            return stored.removeIf(t -> t.gateway().equals(gateway) && t.id().equals(tokenId));
        }
    };
    private final ManageGatewayTokensService tokens = new ManageGatewayTokensService(ACCOUNT, store,
            new TokenGenerator("t_"), Clock.systemUTC());

    private static void assertNotFound(Runnable action) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void issuesListsAndRevokesTokensOfAnExistingGateway() {
        IssuedGatewayToken issued = tokens.issue(KEPT, " ci ");
        assertThat(issued.token().name()).isEqualTo("ci");
        assertThat(tokens.list(KEPT)).containsExactly(issued.token());
        tokens.revoke(KEPT, issued.token().id());
        assertNotFound(() -> tokens.revoke(KEPT, issued.token().id()));
        // Found by a probe: a 503 on PostgreSQL. No token has such an id.
        assertNotFound(() -> tokens.revoke(KEPT, "a\0b"));
    }

    @Test
    void aGatewayThatIsGoneOrGoingOrOfAnotherAccountHasNoTokens() {
        assertNotFound(() -> tokens.issue(GOING, "late"));
        assertNotFound(() -> tokens.issue(new GatewayRef(ACCOUNT, new GatewayId("never")), "x"));
        assertNotFound(() -> tokens.list(new GatewayRef(ACCOUNT, new GatewayId("never"))));
        assertNotFound(() -> tokens.issue(new GatewayRef(new AccountId("other"), new GatewayId("kept")), "x"));
        assertThat(stored).isEmpty();
    }
}
