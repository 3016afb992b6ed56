package dev.sluice.bootstrap;

import dev.sluice.adapters.gateway.tokens.JtokkitTokenCounter;
import dev.sluice.adapters.http.json.SerdeJsonObjectReader;
import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.adapters.store.RateLimitedWarning;
import dev.sluice.adapters.store.analytics.JdbcAnalyticsStore;
import dev.sluice.adapters.store.analytics.JdbcAnalyticsWriter;
import dev.sluice.adapters.store.database.SqliteCheckpoints;
import dev.sluice.adapters.store.log.JdbcGatewayLogsDeleter;
import dev.sluice.adapters.store.log.JdbcLogQueries;
import dev.sluice.adapters.store.log.JdbcLogWriter;
import dev.sluice.adapters.store.log.LogHoursRepair;
import dev.sluice.adapters.store.metrics.MicrometerExchangeMetrics;
import dev.sluice.application.gateway.DeleteGatewayLogsPort;
import dev.sluice.application.gateway.FindGatewaysPort;
import dev.sluice.application.log.BatchingWriter;
import dev.sluice.application.log.ExchangeLog;
import dev.sluice.application.log.IntakeGate;
import dev.sluice.application.log.ManageLogsService;
import dev.sluice.application.analytics.ReportAnalyticsService;
import dev.sluice.application.log.CountTokensPort;
import dev.sluice.application.log.UsageMeter;
import dev.sluice.domain.cost.PriceTable;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.usage.ModelLocator;
import dev.sluice.domain.usage.UsageReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Logs and analytics: the SQL stores (in the one database, StoreFactory's), the exchange log that writes
 * to them off the request path, its metrics and warnings, and the services of the logs and analytics API.
 */
@Factory
final class LogFactory {

    private static final Logger LOG = LoggerFactory.getLogger("dev.sluice.logs");

    /** Shared by the writer, which repairs the hours of extremes that deletes leave inexact, and the deleters. */
    @Singleton
    LogHoursRepair logHoursRepair(Jdbc jdbc) {
        return new LogHoursRepair(jdbc);
    }

    @Singleton
    JdbcLogWriter logWriter(Jdbc jdbc, LogHoursRepair hours, LogConfiguration config, SqliteCheckpoints checkpoints) {
        return new JdbcLogWriter(jdbc, new JdbcAnalyticsWriter(config.analyticsWindow()), hours,
                checkpoints::refilled);
    }

    @Singleton
    JdbcLogQueries logQueries(Jdbc jdbc, LogHoursRepair hours) {
        return new JdbcLogQueries(jdbc, hours);
    }

    /** The request metrics, counted as entries are made; a deleted gateway's go with its logs (below). */
    @Singleton
    MicrometerExchangeMetrics exchangeMetrics(MeterRegistry registry, LogConfiguration config) {
        return new MicrometerExchangeMetrics(registry, config.maxMetricModels());
    }

    /** A deleted gateway's logs, and its request metrics' series: one created again under its id starts afresh. */
    @Singleton
    DeleteGatewayLogsPort gatewayLogsDeleter(Jdbc jdbc, LogHoursRepair hours, JdbcLogWriter writer, Clock clock,
                                             MicrometerExchangeMetrics metrics) {
        JdbcGatewayLogsDeleter deleter = new JdbcGatewayLogsDeleter(jdbc, hours, writer, clock);
        return gateway -> {
            long deleted = deleter.deleteAllLogs(gateway);
            metrics.forget(gateway.ref());
            return deleted;
        };
    }

    @Singleton
    JdbcAnalyticsStore analyticsStore(Jdbc jdbc) {
        return new JdbcAnalyticsStore(jdbc);
    }

    /**
     * The one tokenizer of the process: the log's usage for answers that report none and the spend limits'
     * estimates share it, so each encoding (about 50 MB of heap) is loaded once.
     */
    @Singleton
    CountTokensPort tokenCounter() {
        return new JtokkitTokenCounter();
    }

    /**
     * Made at start, not at the first request: a {@code sluice.logs.*} value it refuses then stops Sluice with
     * its message, rather than failing every request with a 500.
     */
    @Context
    @Bean(preDestroy = "close")
    ExchangeLog exchangeLog(JdbcLogWriter store, MeterRegistry registry, JsonMapper json, PriceTable prices,
                            LogConfiguration config, UsageReader usageReader, ModelLocator models,
                            CountTokensPort tokens, MicrometerExchangeMetrics metrics) {
        SerdeJsonObjectReader reader = new SerdeJsonObjectReader(json);
        Counter failures = Counter.builder("sluice.log.writer.store.failures")
                .description("Writes the log store failed: batches (each is retried) and the writer's idle work").register(registry);
        RateLimitedWarning warning = new RateLimitedWarning(LOG, Duration.ofSeconds(10));
        // Apart from the failures' warning: a drop right after a failure (an entry the store refuses) was muted.
        RateLimitedWarning dropWarning = new RateLimitedWarning(LOG, Duration.ofSeconds(10));
        BatchingWriter.Listener listener = new BatchingWriter.Listener() {
            @Override
            public void storeFailed(Throwable error, int attempt, int batchSize) {
                failures.increment();
                if (batchSize == 0) {
                    warning.warn("The log writer's work when idle (looking up unconfirmed commits, the analytics"
                            + " sums gathered since the last batch, the hours' extremes, the planner's statistics)"
                            + " failed; it is tried again when the writer is next idle: {}", error.getMessage());
                } else {
                    warning.warn("Writing {} log entries failed (attempt {}), retrying: {}", batchSize, attempt,
                            error.getMessage());
                }
            }

            @Override
            public void dropped(long count, String reason) {
                dropWarning.warn("Dropped {} log entries: {} (see sluice_log_writer_dropped_total)", count, reason);
            }
        };
        ExchangeLog log = new ExchangeLog(store, metrics,
                new UsageMeter(usageReader, reader, tokens), models, prices,
                new ExchangeLog.Limits(config.maxBodySize(), config.maxQueuedBytes(), config.shutdownGrace()),
                new BatchingWriter.Settings(config.queueCapacity(), config.batchSize(), config.flushInterval(),
                        config.maxRetryPause()),
                new IntakeGate.Settings(config.holdRequestsAbove(),
                        config.holdRequestsAbove() == 0 ? 0 : config.maxQueuedBytes() / 2, config.maxHold()),
                listener, task -> {
                    Thread thread = new Thread(task, "sluice-log-writer");
                    thread.setDaemon(true);
                    return thread;
                });
        Gauge.builder("sluice.log.writer.queue", log, ExchangeLog::queued)
                .description("Log entries waiting to be written").register(registry);
        Gauge.builder("sluice.log.writer.queue.bytes", log, ExchangeLog::queuedBytes).baseUnit("bytes")
                .description("Bytes of bodies waiting to be written").register(registry);
        FunctionCounter.builder("sluice.log.writer.written", log, ExchangeLog::written)
                .description("Log entries written to the store").register(registry);
        FunctionCounter.builder("sluice.log.writer.dropped", log, ExchangeLog::dropped)
                .description("Log entries lost: the queue was full, the store refused the entry itself, or the store"
                        + " was down past shutdown's grace")
                .register(registry);
        FunctionCounter.builder("sluice.log.writer.held", log, ExchangeLog::held)
                .description("Requests that waited, before they started, for the writer to catch up (it was behind"
                        + " sluice.logs.hold-requests-above entries, or half of sluice.logs.max-queued-bytes)")
                .register(registry);
        FunctionCounter.builder("sluice.log.writer.bodies.dropped", log, ExchangeLog::bodiesDropped)
                .description("Log entries kept without their bodies because the queue held too many bytes")
                .register(registry);
        return log;
    }

    @Singleton
    ManageLogsService manageLogs(AccountId account, FindGatewaysPort gateways, JdbcLogQueries logs) {
        return new ManageLogsService(account, gateways, logs);
    }

    @Singleton
    ReportAnalyticsService reportAnalytics(AccountId account, FindGatewaysPort gateways, JdbcAnalyticsStore analytics) {
        return new ReportAnalyticsService(account, gateways, analytics);
    }
}
