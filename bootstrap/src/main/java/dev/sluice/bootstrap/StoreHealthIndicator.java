package dev.sluice.bootstrap;

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
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * {@code /health} reports the store: one round trip to the database, off the event loop. The answer is
 * public, so it says only up or down; the reason goes to the log, where a database message naming hosts
 * or users belongs.
 */
@Singleton
final class StoreHealthIndicator implements HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(StoreHealthIndicator.class);

    private final Jdbc jdbc;
    private final Scheduler scheduler;

    StoreHealthIndicator(Jdbc jdbc, @Named("store") ExecutorService executor) {
        this.jdbc = jdbc;
        this.scheduler = Schedulers.fromExecutorService(executor);
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.fromCallable(() -> {
            jdbc.queryOne("select 1", statement -> { }, row -> row.getInt(1));
            return HealthResult.builder("store", HealthStatus.UP).build();
        }).onErrorResume(error -> {
            LOG.warn("The store failed its health check", error);
            return Mono.just(HealthResult.builder("store", HealthStatus.DOWN)
                    .details(Map.of("error", "the database did not answer")).build());
        }).subscribeOn(scheduler);
    }
}
