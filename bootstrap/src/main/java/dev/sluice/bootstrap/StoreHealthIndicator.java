package dev.sluice.bootstrap;

import dev.sluice.adapters.store.Jdbc;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.Map;
import java.util.concurrent.ExecutorService;

/** {@code /health} reports the store: one round trip to the database, off the event loop. */
@Singleton
final class StoreHealthIndicator implements HealthIndicator {

    private final Jdbc jdbc;
    private final ExecutorService executor;

    StoreHealthIndicator(Jdbc jdbc, @Named("store") ExecutorService executor) {
        this.jdbc = jdbc;
        this.executor = executor;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.fromCallable(() -> {
            jdbc.queryOne("select 1", statement -> { }, row -> row.getInt(1));
            return HealthResult.builder("store", HealthStatus.UP).build();
        }).onErrorResume(error -> Mono.just(HealthResult.builder("store", HealthStatus.DOWN)
                .details(Map.of("error", String.valueOf(error.getMessage()))).build()))
                .subscribeOn(Schedulers.fromExecutorService(executor));
    }
}
