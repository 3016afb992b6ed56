package dev.sluice.adapters.store.log;

import dev.sluice.adapters.store.analytics.JdbcAnalyticsWriter;
import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.application.log.LogWrite;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.log.LogBodies;
import dev.sluice.domain.log.LogEntry;
import dev.sluice.domain.log.LogPage;
import dev.sluice.domain.log.LogPatch;
import dev.sluice.domain.log.LogQuery;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The log store's three ports wired as bootstrap wires them, one object for the contract to call. */
final class LogStores {

    private final JdbcLogWriter writer;
    private final JdbcLogQueries queries;
    private final JdbcGatewayLogsDeleter deleter;

    LogStores(DataSource dataSource, Duration analyticsWindow) {
        this(dataSource, new JdbcAnalyticsWriter(analyticsWindow));
    }

    LogStores(DataSource dataSource, JdbcAnalyticsWriter analytics) {
        this(dataSource, analytics, java.time.Clock.systemUTC());
    }

    /** @param clock when a gateway's delete happens, to its deleter */
    LogStores(DataSource dataSource, Duration analyticsWindow, java.time.Clock clock) {
        this(dataSource, new JdbcAnalyticsWriter(analyticsWindow), clock);
    }

    private LogStores(DataSource dataSource, JdbcAnalyticsWriter analytics, java.time.Clock clock) {
        Jdbc jdbc = new Jdbc(dataSource);
        LogHoursRepair hours = new LogHoursRepair(jdbc);
        writer = new JdbcLogWriter(jdbc, analytics, hours);
        queries = new JdbcLogQueries(jdbc, hours);
        deleter = new JdbcGatewayLogsDeleter(jdbc, hours, writer, clock);
    }

    LogStores(DataSource dataSource) {
        this(dataSource, Duration.ZERO);
    }

    int storeLogs(List<LogWrite> batch) {
        return writer.storeLogs(batch);
    }

    void flush() {
        writer.flush();
    }

    LogPage listLogs(GatewayRef gateway, LogQuery query) {
        return queries.listLogs(gateway, query);
    }

    Optional<LogEntry> findLog(GatewayRef gateway, String id) {
        return queries.findLog(gateway, id);
    }

    Optional<LogBodies> findLogBodies(GatewayRef gateway, String id) {
        return queries.findLogBodies(gateway, id);
    }

    boolean patchLog(GatewayRef gateway, String id, LogPatch patch) {
        return queries.patchLog(gateway, id, patch);
    }

    long deleteLogs(GatewayRef gateway, LogQuery query) {
        return queries.deleteLogs(gateway, query);
    }

    /** Deletes the logs of the gateway created a day before the contract's entries (their gatewayCreated, when unset). */
    long deleteAllLogs(GatewayRef gateway) {
        return deleteAllLogs(gateway, LogStoreContract.T0.minus(Duration.ofDays(1)));
    }

    long deleteAllLogs(GatewayRef gateway, java.time.Instant created) {
        return deleter.deleteAllLogs(new Gateway(gateway, GatewaySettings.defaults(), created, created));
    }
}
