package dev.sluice.adapters.store.database;

import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.adapters.store.gateway.JdbcAdminTokenStore;
import dev.sluice.adapters.store.gateway.JdbcGatewayStore;
import dev.sluice.adapters.store.log.V3__Shapes_of_older_entries;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.Backoff;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.gateway.LogManagementStrategy;
import dev.sluice.domain.gateway.RateLimitTechnique;
import dev.sluice.domain.token.TokenHash;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gateways, tokens and the admin token written the way Sluice wrote them before they moved into the logs'
 * database: the older script (kept under test resources as it was), timestamps with a time zone, no
 * revision; and what an upgrade must find afterwards.
 */
final class OlderLayout {

    static final GatewayRef PROD = new GatewayRef(new AccountId("local"), new GatewayId("prod"));
    static final GatewayRef PLAIN = new GatewayRef(new AccountId("local"), new GatewayId("plain"));
    static final Instant CREATED = Instant.parse("2026-10-01T08:30:00.123Z");
    static final GatewaySettings PROD_SETTINGS = new GatewaySettings(3600, true, false, 60, 100,
            RateLimitTechnique.SLIDING, true, OptionalLong.of(50_000), LogManagementStrategy.DELETE_OLDEST, true,
            Optional.of("k".repeat(20)), 3, 500, Backoff.EXPONENTIAL);

    private OlderLayout() {
    }

    /** Creates the older tables and fills them: two gateways (one with every setting), a token, the admin token. */
    static void write(Connection connection) throws SQLException, IOException {
        try (InputStream script = OlderLayout.class.getResourceAsStream("/legacy/h2-V1__gateways_and_tokens.sql");
             Statement statement = connection.createStatement()) {
            String sql = new String(script.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
            for (String one : sql.split(";")) {
                if (!one.isBlank()) {
                    statement.execute(one);
                }
            }
        }
        insertGateway(connection, PROD, PROD_SETTINGS);
        insertGateway(connection, PLAIN, GatewaySettings.defaults());
        try (PreparedStatement s = connection.prepareStatement("insert into gateway_tokens (id, account_id,"
                + " gateway_id, name, token_hash, created_at) values ('tok-1', 'local', 'prod', 'ci', ?, ?)")) {
            s.setString(1, TokenHash.of("gateway-secret").hex());
            s.setObject(2, OffsetDateTime.ofInstant(CREATED, ZoneOffset.UTC));
            s.executeUpdate();
        }
        try (PreparedStatement s = connection.prepareStatement("insert into admin_token (singleton, token_hash,"
                + " created_at) values (1, ?, ?)")) {
            s.setString(1, TokenHash.of("admin-secret").hex());
            s.setObject(2, OffsetDateTime.ofInstant(CREATED, ZoneOffset.UTC));
            s.executeUpdate();
        }
    }

    private static void insertGateway(Connection connection, GatewayRef ref, GatewaySettings settings) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("insert into gateways (account_id, id, cache_ttl,"
                + " cache_invalidate_on_update, collect_logs, rate_limiting_interval, rate_limiting_limit,"
                + " rate_limiting_technique, authentication, log_management, log_management_strategy, logpush,"
                + " logpush_public_key, retry_max_attempts, retry_delay, retry_backoff, created_at, modified_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, ref.account().value());
            s.setString(2, ref.id().value());
            s.setLong(3, settings.cacheTtlSeconds());
            s.setBoolean(4, settings.cacheInvalidateOnUpdate());
            s.setBoolean(5, settings.collectLogs());
            s.setLong(6, settings.rateLimitingIntervalSeconds());
            s.setLong(7, settings.rateLimitingLimit());
            s.setString(8, settings.rateLimitingTechnique().wire());
            s.setBoolean(9, settings.authentication());
            s.setObject(10, settings.logManagement().isPresent() ? settings.logManagement().getAsLong() : null,
                    java.sql.Types.BIGINT);
            s.setString(11, settings.logManagementStrategy().wire());
            s.setBoolean(12, settings.logpush());
            s.setString(13, settings.logpushPublicKey().orElse(null));
            s.setInt(14, settings.retryMaxAttempts());
            s.setInt(15, settings.retryDelayMs());
            s.setString(16, settings.retryBackoff().wire());
            s.setObject(17, OffsetDateTime.ofInstant(CREATED, ZoneOffset.UTC));
            s.setObject(18, OffsetDateTime.ofInstant(CREATED.plusSeconds(60), ZoneOffset.UTC));
            s.executeUpdate();
        }
    }

    /** The logs' schema as the last version before this move left it (V3), on its own history table. */
    static void logsAtVersionThree(DataSource dataSource, String bytes) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/sluice").table("flyway_logs_history")
                .placeholders(Map.of("bytes", bytes)).javaMigrations(new V3__Shapes_of_older_entries())
                .baselineOnMigrate(true).baselineVersion("0").target("3").load().migrate();
    }

    /** What the upgraded store must hold: every row, every setting and time exactly as it was. */
    static void assertCarriedOver(DataSource dataSource) throws Exception {
        Jdbc jdbc = new Jdbc(dataSource);
        JdbcGatewayStore store = new JdbcGatewayStore(jdbc, Runnable::run, Duration.ofMinutes(1));
        assertThat(store.findGateway(PROD)).contains(new Gateway(PROD, PROD_SETTINGS, CREATED, CREATED.plusSeconds(60)));
        assertThat(store.findGateway(PLAIN).orElseThrow().settings()).isEqualTo(GatewaySettings.defaults());
        assertThat(store.findStoredGateway(PROD).orElseThrow().revision()).isEqualTo(1);
        assertThat(store.listTokens(PROD)).singleElement().satisfies(token -> {
            assertThat(token.id()).isEqualTo("tok-1");
            assertThat(token.hash()).isEqualTo(TokenHash.of("gateway-secret"));
            assertThat(token.createdAt()).isEqualTo(CREATED);
        });
        assertThat(store.lookup().loadTokenHashes(PROD).toCompletableFuture().get())
                .containsExactly(TokenHash.of("gateway-secret"));
        assertThat(new JdbcAdminTokenStore(jdbc, Clock.systemUTC()).loadAdminToken())
                .contains(TokenHash.of("admin-secret"));
    }
}
