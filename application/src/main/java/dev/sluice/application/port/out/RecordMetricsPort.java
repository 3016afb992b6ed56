package dev.sluice.application.port.out;

import dev.sluice.domain.log.LogEntry;

import java.time.Duration;

/** Counts finished exchanges for monitoring (requests, latency, gateway overhead, tokens, cost). Must be quick. */
public interface RecordMetricsPort {

    RecordMetricsPort NONE = (entry, overhead) -> { };

    /** @param overhead the time the gateway itself added before the answer's first byte (empty when unknown) */
    void exchangeRecorded(LogEntry entry, Duration overhead);
}
