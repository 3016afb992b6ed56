package dev.sluice.application.log;

import dev.sluice.domain.log.LogEntry;

import java.time.Duration;
import java.util.Optional;

/** Counts finished exchanges for monitoring (requests, latency, gateway overhead, tokens, cost). Must be quick. */
public interface RecordMetricsPort {

    /**
     * @param overhead the time the gateway itself added before the answer's first byte; empty for an
     *                 attempt that was retried (its answer never went to the client)
     */
    void exchangeRecorded(LogEntry entry, Optional<Duration> overhead);
}
