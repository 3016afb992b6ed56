package dev.sluice.adapters.store.metrics;

import dev.sluice.application.log.RecordMetricsPort;
import dev.sluice.domain.log.LogEntry;
import dev.sluice.domain.usage.TokenUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

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
    private final Map<Labels, Meters> meters = new ConcurrentHashMap<>();

    public MicrometerExchangeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    private record Labels(String gateway, String provider, String model, int status, boolean cached) {
    }

    /** The meters of one set of labels, registered once and then used directly. */
    private record Meters(Counter requests, Timer duration, Timer overhead, Counter tokensIn, Counter tokensOut,
                          Counter cost) {
    }

    @Override
    public void exchangeRecorded(LogEntry entry, Optional<Duration> overhead) {
        Meters m = meters.computeIfAbsent(new Labels(entry.gateway().id().value(), entry.provider(),
                entry.model().isEmpty() ? "unknown" : entry.model(), entry.statusCode(), entry.cached()), this::register);
        m.requests().increment();
        m.duration().record(entry.durationMillis(), TimeUnit.MILLISECONDS);
        overhead.ifPresent(m.overhead()::record);
        TokenUsage usage = entry.usage().orElse(TokenUsage.NONE);
        if (usage.input() > 0) {
            m.tokensIn().increment(usage.input());
        }
        if (usage.output() > 0) {
            m.tokensOut().increment(usage.output());
        }
        if (entry.cost().usd().signum() > 0) {
            m.cost().increment(entry.cost().usd().doubleValue());
        }
    }

    private Meters register(Labels l) {
        String cache = l.cached() ? "HIT" : "MISS";
        return new Meters(
                Counter.builder("sluice.requests").description("Requests through the gateway, one per upstream attempt or cache hit")
                        .tags("gateway", l.gateway(), "provider", l.provider(), "model", l.model(), "status",
                                Integer.toString(l.status()), "cache", cache).register(registry),
                Timer.builder("sluice.request.duration").description("From a request's arrival to the end of its answer")
                        .tags("gateway", l.gateway(), "provider", l.provider()).publishPercentileHistogram()
                        .register(registry),
                Timer.builder("sluice.gateway.overhead").description("Time the gateway added before the answer's first byte")
                        .tags("gateway", l.gateway(), "provider", l.provider(), "cache", cache)
                        .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000))
                        .maximumExpectedValue(Duration.ofSeconds(1)).register(registry),
                tokens(l, "in"), tokens(l, "out"),
                Counter.builder("sluice.cost.usd").description("Cost of the requests, in US dollars")
                        .tags("gateway", l.gateway(), "provider", l.provider(), "model", l.model()).register(registry));
    }

    private Counter tokens(Labels l, String direction) {
        return Counter.builder("sluice.tokens").description("Tokens in requests (in) and answers (out)")
                .tags("gateway", l.gateway(), "provider", l.provider(), "model", l.model(), "direction", direction)
                .register(registry);
    }
}
