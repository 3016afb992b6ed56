package dev.sluice.adapters.store.metrics;

import dev.sluice.application.port.out.RecordMetricsPort;
import dev.sluice.domain.log.LogEntry;
import dev.sluice.domain.usage.TokenUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/**
 * Request metrics for {@code /prometheus}, counted as each exchange's log entry is made (on the log
 * writer's thread, so never on the request path):
 * <ul>
 *   <li>{@code sluice_requests_total{gateway, provider, model, status, cache}}: cache is HIT, MISS
 *       (including requests the cache was not asked about) and the status is the HTTP status;</li>
 *   <li>{@code sluice_request_duration_seconds{gateway, provider}} and
 *       {@code sluice_gateway_overhead_seconds{gateway, provider, cache}}: histograms of the whole
 *       exchange and of the time Sluice itself added before the answer's first byte;</li>
 *   <li>{@code sluice_tokens_total{gateway, provider, model, direction}} and
 *       {@code sluice_cost_usd_total{gateway, provider, model}}.</li>
 * </ul>
 * Cost is a floating-point counter here, as every Prometheus value is; the logs keep the exact amount.
 */
public final class MicrometerExchangeMetrics implements RecordMetricsPort {

    private final MeterRegistry registry;

    public MicrometerExchangeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void exchangeRecorded(LogEntry entry, Duration overhead) {
        String gateway = entry.gateway().id().value();
        String provider = entry.provider();
        String model = entry.model().isEmpty() ? "unknown" : entry.model();
        String cache = entry.cached() ? "HIT" : "MISS";
        Counter.builder("sluice.requests").description("Requests through the gateway, one per upstream attempt or cache hit")
                .tags("gateway", gateway, "provider", provider, "model", model, "status",
                        Integer.toString(entry.statusCode()), "cache", cache)
                .register(registry).increment();
        Timer.builder("sluice.request.duration").description("From a request's arrival to the end of its answer")
                .tags("gateway", gateway, "provider", provider).publishPercentileHistogram()
                .register(registry).record(Duration.ofMillis(entry.durationMillis()));
        Timer.builder("sluice.gateway.overhead").description("Time the gateway added before the answer's first byte")
                .tags("gateway", gateway, "provider", provider, "cache", cache).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(1))
                .register(registry).record(overhead);
        TokenUsage usage = entry.usage().orElse(TokenUsage.NONE);
        if (usage.input() > 0) {
            tokens(gateway, provider, model, "in").increment(usage.input());
        }
        if (usage.output() > 0) {
            tokens(gateway, provider, model, "out").increment(usage.output());
        }
        if (entry.cost().usd().signum() > 0) {
            Counter.builder("sluice.cost.usd").description("Cost of the requests, in US dollars")
                    .tags("gateway", gateway, "provider", provider, "model", model)
                    .register(registry).increment(entry.cost().usd().doubleValue());
        }
    }

    private Counter tokens(String gateway, String provider, String model, String direction) {
        return Counter.builder("sluice.tokens").description("Tokens in requests (in) and answers (out)")
                .tags("gateway", gateway, "provider", provider, "model", model, "direction", direction)
                .register(registry);
    }
}
