package dev.sluice.bootstrap;

import dev.sluice.application.pipeline.CallsInFlight;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import io.micronaut.runtime.graceful.GracefulShutdownConfiguration;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Just before a graceful shutdown's grace period ends, gives up the provider calls still unanswered, so that
 * each is answered with the gateway's 503 (2116, {@code Retry-After}) and logged while the server and the log
 * writer still run. Left to the forced stop, the server closed those clients' connections with no answer (or
 * a 502 that blamed the provider) and their entries came too late for the writer. Answers already streaming
 * are not given up here: their clients have a head, and the log ends them as cut when it closes.
 */
@Singleton
final class GiveUpAtGraceEnd implements GracefulShutdownCapable {

    private static final Logger LOG = LoggerFactory.getLogger(GiveUpAtGraceEnd.class);
    /** At most this long before the grace ends: writing a 503 takes microseconds on a running event loop. */
    private static final Duration MOST_AHEAD = Duration.ofSeconds(1);

    private final CallsInFlight inFlight;
    /** Micronaut's own setting; absent when graceful shutdown is off, and then nothing here is ever asked. */
    private final Optional<GracefulShutdownConfiguration> graceful;
    private final ScheduledExecutorService timer;
    private volatile ScheduledFuture<?> scheduled;

    GiveUpAtGraceEnd(CallsInFlight inFlight, Optional<GracefulShutdownConfiguration> graceful,
                     @Named("pipeline") ScheduledExecutorService timer) {
        this.inFlight = inFlight;
        this.graceful = graceful;
        this.timer = timer;
    }

    /** When, after the stop begins, the calls still under way are given up: a tenth of the grace, at most 1 s, early. */
    static Duration giveUpAfter(Duration grace) {
        Duration ahead = grace.dividedBy(10);
        return grace.minus(ahead.compareTo(MOST_AHEAD) > 0 ? MOST_AHEAD : ahead);
    }

    @Override
    public CompletionStage<?> shutdownGracefully() {
        graceful.map(GracefulShutdownConfiguration::getGracePeriod).ifPresent(grace -> scheduled = timer.schedule(
                () -> giveUp(grace), giveUpAfter(grace).toNanos(), TimeUnit.NANOSECONDS));
        return CompletableFuture.completedFuture(null);
    }

    private void giveUp(Duration grace) {
        int pending = inFlight.size();
        if (pending > 0) {
            LOG.warn("The shutdown's grace period ({}) is ending: {} provider calls still unanswered are given up"
                    + " and answered 503 (2116)", grace, pending);
        }
        inFlight.giveUpAll();
    }

    @Override
    public OptionalLong reportActiveTasks() {
        return OptionalLong.of(inFlight.size());
    }

    @PreDestroy
    void close() {
        ScheduledFuture<?> pending = scheduled;
        if (pending != null) {
            pending.cancel(false);
        }
    }
}
