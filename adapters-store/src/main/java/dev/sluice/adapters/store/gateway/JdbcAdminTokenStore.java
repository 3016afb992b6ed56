package dev.sluice.adapters.store.gateway;

import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.application.token.StoreAdminTokenPort;
import dev.sluice.domain.token.TokenHash;

import java.time.Clock;
import java.util.Optional;

/** The admin token's hash in a one-row table; the primary key settles a race between replicas. */
public final class JdbcAdminTokenStore implements StoreAdminTokenPort {

    private final Jdbc jdbc;
    private final Clock clock;

    public JdbcAdminTokenStore(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Optional<TokenHash> loadAdminToken() {
        return jdbc.queryOne("select token_hash from admin_token where singleton = 1", s -> { },
                row -> new TokenHash(row.getString(1)));
    }

    @Override
    public boolean saveAdminTokenIfAbsent(TokenHash hash) {
        return jdbc.update("insert into admin_token (singleton, token_hash, created_at) values (1, ?, ?)"
                + " on conflict do nothing", s -> {
            s.setString(1, hash.hex());
            GatewayRows.bindInstant(s, 2, clock.instant());
        }) == 1;
    }
}
