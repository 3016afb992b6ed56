package dev.sluice.bootstrap;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * The log writer ({@code sluice.logs.*}): how much it queues, how it batches, how long a shutdown waits
 * for it, how much of each body an entry keeps, how long analytics sums gather in memory before they
 * are written, how many models the request metrics (counted as entries are made) name per gateway and
 * provider, and whether new requests wait for a writer that has fallen behind (never, unless asked: logging does
 * not add latency by default).
 */
@ConfigurationProperties("sluice.logs")
public record LogConfiguration(
        @Bindable(defaultValue = "1048576") int maxBodySize,
        @Bindable(defaultValue = LogConfiguration.QUEUE_CAPACITY) int queueCapacity,
        @Bindable(defaultValue = "33554432") long maxQueuedBytes,
        @Bindable(defaultValue = "4000") int batchSize,
        @Bindable(defaultValue = "200ms") Duration flushInterval,
        @Bindable(defaultValue = "5s") Duration maxRetryPause,
        @Bindable(defaultValue = "30s") Duration shutdownGrace,
        @Bindable(defaultValue = "1s") Duration analyticsWindow,
        @Bindable(defaultValue = "100") int maxMetricModels,
        @Bindable(defaultValue = "0") int holdRequestsAbove,
        @Bindable(defaultValue = "100ms") Duration maxHold) {

    /** The queue's capacity unless set: entries. */
    static final String QUEUE_CAPACITY = "20000";
}
