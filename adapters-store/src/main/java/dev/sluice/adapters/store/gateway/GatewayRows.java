package dev.sluice.adapters.store.gateway;

import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.application.gateway.StoredGateway;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.Backoff;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.gateway.LimitRulesReader;
import dev.sluice.domain.gateway.LogManagementStrategy;
import dev.sluice.domain.gateway.RateLimitTechnique;
import dev.sluice.domain.token.GatewayToken;
import dev.sluice.domain.token.TokenHash;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Gateway and token rows: the SQL, and the mapping between rows and domain values. */
final class GatewayRows {

    static final String COLUMNS = "account_id, id, cache_ttl, cache_invalidate_on_update, collect_logs, "
            + "rate_limiting_interval, rate_limiting_limit, rate_limiting_technique, authentication, "
            + "log_management, log_management_strategy, logpush, logpush_public_key, retry_max_attempts, "
            + "retry_delay, retry_backoff, limit_rules, created_at, modified_at, revision";

    private final Jdbc jdbc;

    GatewayRows(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Gateway> find(GatewayRef ref) {
        return findStored(ref).map(StoredGateway::gateway);
    }

    Optional<StoredGateway> findStored(GatewayRef ref) {
        return jdbc.queryOne("select " + COLUMNS + " from gateways where account_id = ? and id = ?",
                s -> bindRef(s, ref, 1), GatewayRows::stored);
    }

    List<TokenHash> tokenHashes(GatewayRef ref) {
        return jdbc.query("select token_hash from gateway_tokens where account_id = ? and gateway_id = ?",
                s -> bindRef(s, ref, 1), row -> new TokenHash(row.getString(1)));
    }

    List<GatewayToken> tokens(GatewayRef ref) {
        return jdbc.query("select id, name, token_hash, created_at from gateway_tokens "
                        + "where account_id = ? and gateway_id = ? order by created_at, id",
                s -> bindRef(s, ref, 1),
                row -> new GatewayToken(row.getString(1), ref, row.getString(2), new TokenHash(row.getString(3)),
                        instant(row, 4)));
    }

    static void bindRef(PreparedStatement statement, GatewayRef ref, int first) throws SQLException {
        statement.setString(first, ref.account().value());
        statement.setString(first + 1, ref.id().value());
    }

    /** Binds the settings columns, in {@link #COLUMNS} order from cache_ttl on, starting at {@code first}. */
    static int bindSettings(PreparedStatement s, GatewaySettings settings, int first) throws SQLException {
        int i = first;
        s.setLong(i++, settings.cacheTtlSeconds());
        s.setBoolean(i++, settings.cacheInvalidateOnUpdate());
        s.setBoolean(i++, settings.collectLogs());
        s.setLong(i++, settings.rateLimitingIntervalSeconds());
        s.setLong(i++, settings.rateLimitingLimit());
        s.setString(i++, settings.rateLimitingTechnique().wire());
        s.setBoolean(i++, settings.authentication());
        if (settings.logManagement().isPresent()) {
            s.setLong(i++, settings.logManagement().getAsLong());
        } else {
            s.setNull(i++, Types.BIGINT);
        }
        s.setString(i++, settings.logManagementStrategy().wire());
        s.setBoolean(i++, settings.logpush());
        s.setString(i++, settings.logpushPublicKey().orElse(null));
        s.setInt(i++, settings.retryMaxAttempts());
        s.setInt(i++, settings.retryDelayMs());
        s.setString(i++, settings.retryBackoff().wire());
        s.setString(i++, LimitRulesColumn.write(settings.limits()));
        return i;
    }

    /** Times are epoch milliseconds: a gateway keeps millisecond precision, and both databases store a long alike. */
    static void bindInstant(PreparedStatement s, int index, Instant instant) throws SQLException {
        s.setLong(index, instant.toEpochMilli());
    }

    static Instant instant(ResultSet row, int index) throws SQLException {
        return Instant.ofEpochMilli(row.getLong(index));
    }

    static StoredGateway stored(ResultSet row) throws SQLException {
        return new StoredGateway(gateway(row), row.getLong(20));
    }

    static Gateway gateway(ResultSet row) throws SQLException {
        long logManagement = row.getLong(10);
        OptionalLong logCap = row.wasNull() ? OptionalLong.empty() : OptionalLong.of(logManagement);
        // A rate limit interval stored before intervals were bounded (any whole number was taken, and overflowed on
        // every request) is read as the longest now allowed, so the gateway still loads and can be changed.
        long rateLimitInterval = Math.min(row.getLong(6), LimitRulesReader.MAX_WINDOW_SECONDS);
        GatewaySettings settings = new GatewaySettings(
                row.getLong(3), row.getBoolean(4), row.getBoolean(5), rateLimitInterval, row.getLong(7),
                RateLimitTechnique.fromWire(row.getString(8)), row.getBoolean(9), logCap,
                LogManagementStrategy.fromWire(row.getString(11)), row.getBoolean(12),
                Optional.ofNullable(row.getString(13)), row.getInt(14), row.getInt(15),
                Backoff.fromWire(row.getString(16), "retry_backoff"), LimitRulesColumn.read(row.getString(17)));
        GatewayRef ref = new GatewayRef(new AccountId(row.getString(1)), new GatewayId(row.getString(2)));
        return new Gateway(ref, settings, instant(row, 18), instant(row, 19));
    }
}
