package dev.sluice.adapters.store.gateway;

import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.adapters.store.jdbc.StoreException;
import dev.sluice.application.gateway.FindGatewaysPort;
import dev.sluice.application.gateway.StoreGatewayPort;
import dev.sluice.application.gateway.StoredGateway;
import dev.sluice.application.token.StoreGatewayTokenPort;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayPage;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.token.GatewayToken;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Gateways and their tokens in SQL (the embedded SQLite file or PostgreSQL, the same statements), keeping
 * the request-path cache fresh. Every write is one statement on the row it changes: an update is
 * compared-and-set against the revision it was made from, a token is inserted only while its gateway
 * exists, and a delete reports the row it removed, so concurrent writers never lose each other's work.
 */
public final class JdbcGatewayStore implements FindGatewaysPort, StoreGatewayPort, StoreGatewayTokenPort {

    /** PostgreSQL's foreign-key violation: the gateway was deleted while a token for it was inserted. */
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private final Jdbc jdbc;
    private final GatewayRows rows;
    private final GatewayLookupCache cache;

    public JdbcGatewayStore(Jdbc jdbc, Executor loadExecutor, Duration refresh) {
        this.jdbc = jdbc;
        this.rows = new GatewayRows(jdbc);
        this.cache = new GatewayLookupCache(rows, loadExecutor, refresh);
    }

    /** The request-path view of this store. */
    public GatewayLookupCache lookup() {
        return cache;
    }

    @Override
    public Optional<Gateway> findGateway(GatewayRef ref) {
        return rows.find(ref);
    }

    @Override
    public Optional<StoredGateway> findStoredGateway(GatewayRef ref) {
        return rows.findStored(ref);
    }

    /** Ids are lower-case, so the search is too (SQLite's {@code like} ignores case, PostgreSQL's does not). */
    @Override
    public GatewayPage findGateways(AccountId account, int page, int perPage, Optional<String> idContains) {
        String pattern = "%" + idContains.map(text -> escapeLike(text.toLowerCase(Locale.ROOT))).orElse("") + "%";
        long total = jdbc.queryOne("select count(*) from gateways where account_id = ? and id like ? escape '!'",
                s -> {
                    s.setString(1, account.value());
                    s.setString(2, pattern);
                }, row -> row.getLong(1)).orElse(0L);
        List<Gateway> items = jdbc.query("select " + GatewayRows.COLUMNS
                        + " from gateways where account_id = ? and id like ? escape '!' order by created_at, id"
                        + " limit ? offset ?",
                s -> {
                    s.setString(1, account.value());
                    s.setString(2, pattern);
                    s.setInt(3, perPage);
                    s.setLong(4, (long) (page - 1) * perPage);
                }, GatewayRows::gateway);
        return new GatewayPage(items, page, perPage, total);
    }

    @Override
    public boolean insertGateway(Gateway gateway) {
        int changed = jdbc.update("insert into gateways (" + GatewayRows.COLUMNS
                + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) on conflict do nothing", s -> {
                    GatewayRows.bindRef(s, gateway.ref(), 1);
                    int next = GatewayRows.bindSettings(s, gateway.settings(), 3);
                    GatewayRows.bindInstant(s, next, gateway.createdAt());
                    GatewayRows.bindInstant(s, next + 1, gateway.modifiedAt());
                });
        cache.invalidate(gateway.ref());
        return changed == 1;
    }

    @Override
    public Optional<StoredGateway> updateGateway(Gateway gateway, long expectedRevision) {
        int changed = jdbc.update("update gateways set cache_ttl = ?, cache_invalidate_on_update = ?, collect_logs = ?, "
                + "rate_limiting_interval = ?, rate_limiting_limit = ?, rate_limiting_technique = ?, "
                + "authentication = ?, log_management = ?, log_management_strategy = ?, logpush = ?, "
                + "logpush_public_key = ?, retry_max_attempts = ?, retry_delay = ?, retry_backoff = ?, limit_rules = ?, "
                + "modified_at = ?, revision = revision + 1 where account_id = ? and id = ? and revision = ?", s -> {
                    int next = GatewayRows.bindSettings(s, gateway.settings(), 1);
                    GatewayRows.bindInstant(s, next, gateway.modifiedAt());
                    GatewayRows.bindRef(s, gateway.ref(), next + 1);
                    s.setLong(next + 3, expectedRevision);
                });
        cache.invalidate(gateway.ref());
        return changed == 1 ? Optional.of(new StoredGateway(gateway, expectedRevision + 1)) : Optional.empty();
    }

    @Override
    public Optional<Gateway> deleteGateway(GatewayRef ref) {
        Optional<Gateway> deleted = jdbc.queryOne("delete from gateways where account_id = ? and id = ? returning "
                + GatewayRows.COLUMNS, s -> GatewayRows.bindRef(s, ref, 1), GatewayRows::gateway);
        cache.invalidate(ref);
        return deleted;
    }

    @Override
    public Optional<Gateway> deleteGateway(GatewayRef ref, long expectedRevision) {
        Optional<Gateway> deleted = jdbc.queryOne("delete from gateways where account_id = ? and id = ? and revision = ?"
                + " returning " + GatewayRows.COLUMNS, s -> {
                    GatewayRows.bindRef(s, ref, 1);
                    s.setLong(3, expectedRevision);
                }, GatewayRows::gateway);
        cache.invalidate(ref);
        return deleted;
    }

    @Override
    public boolean insertToken(GatewayToken token) {
        int changed;
        try {
            changed = jdbc.update("insert into gateway_tokens (id, account_id, gateway_id, name, token_hash, created_at) "
                    + "select ?, ?, ?, ?, ?, ? where exists (select 1 from gateways where account_id = ? and id = ?)", s -> {
                        s.setString(1, token.id());
                        GatewayRows.bindRef(s, token.gateway(), 2);
                        s.setString(4, token.name());
                        s.setString(5, token.hash().hex());
                        GatewayRows.bindInstant(s, 6, token.createdAt());
                        GatewayRows.bindRef(s, token.gateway(), 7);
                    });
        } catch (StoreException e) {
            // PostgreSQL saw the gateway, then its delete committed before the insert could reference it.
            if (e.getCause() instanceof SQLException sql && FOREIGN_KEY_VIOLATION.equals(sql.getSQLState())) {
                return false;
            }
            throw e;
        }
        cache.invalidate(token.gateway());
        return changed == 1;
    }

    @Override
    public boolean gatewayExists(GatewayRef gateway) {
        return jdbc.queryOne("select 1 from gateways where account_id = ? and id = ?",
                s -> GatewayRows.bindRef(s, gateway, 1), row -> Boolean.TRUE).isPresent();
    }

    @Override
    public List<GatewayToken> listTokens(GatewayRef gateway) {
        return rows.tokens(gateway);
    }

    @Override
    public boolean deleteToken(GatewayRef gateway, String tokenId) {
        int changed = jdbc.update("delete from gateway_tokens where account_id = ? and gateway_id = ? and id = ?",
                s -> {
                    GatewayRows.bindRef(s, gateway, 1);
                    s.setString(3, tokenId);
                });
        cache.invalidate(gateway);
        return changed == 1;
    }

    private static String escapeLike(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
