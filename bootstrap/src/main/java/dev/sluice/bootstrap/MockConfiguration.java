package dev.sluice.bootstrap;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/** The offline mock provider's artificial latency: before the response, and between streamed chunks. */
@ConfigurationProperties("sluice.mock")
public record MockConfiguration(
        @Bindable(defaultValue = "0ms") Duration latency,
        @Bindable(defaultValue = "0ms") Duration chunkDelay) {
}
