package dev.sluice.bootstrap;

import dev.sluice.adapters.store.database.SqliteIntegrityCheck;
import dev.sluice.adapters.store.jdbc.Jdbc;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code /health} reports the store: one round trip to the database, off the event loop, and down for good once the
 * quick check after start found the embedded file damaged (its writes fail). The answer is public, so it says only
 * up or down; the reason goes to the log, where a database message naming hosts, users or files belongs.
 */
@Singleton
final class StoreHealthIndicator implements HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(StoreHealthIndicator.class);

    /** Within a liveness probe's usual patience: a database that does not answer in this is down for it. */
    private static final long HEALTH_TIMEOUT_MILLIS = 2_000;

    private final Jdbc jdbc;
    private final ExecutorService executor;
    private final SqliteIntegrityCheck check;

    StoreHealthIndicator(Jdbc jdbc, @Named("store") ExecutorService executor, SqliteIntegrityCheck check) {
        this.jdbc = jdbc;
        this.executor = executor;
        this.check = check;
    }

    /**
     * The round trip runs on the store's executor and is given up (not interrupted) after the timeout: with PostgreSQL
     * down, /health took the pool's whole connection timeout to say so.
     */
    @Override
    public Publisher<HealthResult> getResult() {
        if (check.damage().isPresent()) {
            return Mono.just(HealthResult.builder("store", HealthStatus.DOWN)
                    .details(Map.of("error", "the database file is damaged")).build());
        }
        return Mono.fromCompletionStage(() -> CompletableFuture.supplyAsync(() -> {
                    jdbc.queryOne("select 1", statement -> { }, row -> row.getInt(1));
                    return HealthResult.builder("store", HealthStatus.UP).build();
                }, executor)
                .orTimeout(HEALTH_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .exceptionally(error -> {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    LOG.warn("The store failed its health check: {}", cause instanceof TimeoutException
                            ? "no answer within " + HEALTH_TIMEOUT_MILLIS + " ms" : String.valueOf(cause.getMessage()));
                    return HealthResult.builder("store", HealthStatus.DOWN)
                            .details(Map.of("error", "the database did not answer")).build();
                }));
    }
}
