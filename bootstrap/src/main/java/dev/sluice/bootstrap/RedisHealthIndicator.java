package dev.sluice.bootstrap;

import dev.sluice.adapters.store.cache.RedisConnections;
import dev.sluice.domain.error.Failures;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code /health} reports a Redis the gateway uses (the response cache's, the limit counters'): one {@code PING} over
 * the connection it already holds, never blocking. The gateway keeps serving while that Redis is down (lookups are
 * misses, each limit rule does what its {@code on_store_failure} says), so an outage is {@link #DEGRADED}, not DOWN: an
 * orchestrator restarting every replica on a 503 would turn a cache outage into a full one. The answer is public, so
 * it names no host; the reason goes to the log, once when the component goes degraded and once when it answers again.
 */
final class RedisHealthIndicator implements HealthIndicator {

    /**
     * Partly working. Its operational flag is left empty on purpose: Micronaut's aggregator takes the most severe
     * status, ordering by that flag first, and one of {@code true} would tie with UP (the overall status then being
     * whichever answered last). Empty sorts between UP and DOWN; its HTTP status is 200
     * ({@code endpoints.health.status.http-mapping.degraded}).
     */
    static final HealthStatus DEGRADED = new HealthStatus("DEGRADED",
            "a part the gateway can serve without is unavailable", null, 500);

    private static final Logger LOG = LoggerFactory.getLogger(RedisHealthIndicator.class);

    /** As the store's check: a Redis that does not answer in this is unavailable for it. */
    private static final long HEALTH_TIMEOUT_MILLIS = 2_000;

    private final String component;
    private final String usedFor;
    private final RedisConnections redis;
    private final AtomicBoolean answering = new AtomicBoolean(true);

    /**
     * @param component the name under {@code /health}'s details ({@code redis-cache}, {@code redis-limits})
     * @param usedFor   what goes without it, for the log ("the response cache")
     */
    RedisHealthIndicator(String component, String usedFor, RedisConnections redis) {
        this.component = component;
        this.usedFor = usedFor;
        this.redis = redis;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.fromCompletionStage(() -> redis.ping().toCompletableFuture()
                .orTimeout(HEALTH_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .handle((pong, error) -> error == null ? answered() : failed(error)));
    }

    private HealthResult answered() {
        if (!answering.getAndSet(true)) {
            LOG.info("Redis for {} answers again", usedFor);
        }
        return HealthResult.builder(component, HealthStatus.UP).build();
    }

    private HealthResult failed(Throwable error) {
        if (answering.getAndSet(false)) {
            String why = Failures.find(error, TimeoutException.class).isPresent()
                    ? "no answer within " + HEALTH_TIMEOUT_MILLIS + " ms" : redis.describe(error);
            LOG.warn("Redis for {} failed its health check, and the gateway serves without it meanwhile: {}", usedFor, why);
        }
        return HealthResult.builder(component, DEGRADED).details(Map.of("error", "Redis did not answer")).build();
    }
}
