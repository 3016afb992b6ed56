package dev.sluice.adapters.store.metrics;

import dev.sluice.application.log.RecordMetricsPort;
import dev.sluice.domain.log.LogEntry;
import dev.sluice.domain.usage.TokenUsage;
import dev.sluice.domain.gateway.GatewayRef;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Request metrics for {@code /prometheus}, counted as each exchange's log entry is made (on the log
 * writer's thread, so never on the request path):
 * <ul>
 *   <li>{@code sluice_requests_total{gateway, provider, model, status, cache, success}}: cache is HIT, MISS
 *       (including requests the cache was not asked about), the status is the HTTP status, and success is the log
 *       entry's (a stream the provider cut, or ended with an error event, has a 200 status and is no success);</li>
 *   <li>{@code sluice_request_duration_seconds{gateway, provider}} and
 *       {@code sluice_gateway_overhead_seconds{gateway, provider, cache}}: histograms of the whole
 *       exchange and of the time Sluice itself added before the answer's first byte;</li>
 *   <li>{@code sluice_tokens_total{gateway, provider, model, direction}} and
 *       {@code sluice_cost_usd_total{gateway, provider, model}}.</li>
 * </ul>
 * Cost is a floating-point counter here, as every Prometheus value is; the logs keep the exact amount. The model
 * comes from the client's request, so its label takes at most {@code maxModels} values per gateway and provider, the
 * first ones seen; any other model is counted as {@value #OTHER}. Without that bound anyone who can reach a gateway
 * could add series without end, until the scrape (and the heap) gave out.
 */
public final class MicrometerExchangeMetrics implements RecordMetricsPort {

    /** The model label of the models past a gateway and provider's first {@code maxModels}. */
    static final String OTHER = "other";

    private final MeterRegistry registry;
    private final int maxModels;
    private final Map<Labels, Meters> meters = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> models = new ConcurrentHashMap<>();

    public MicrometerExchangeMetrics(MeterRegistry registry, int maxModels) {
        this.registry = registry;
        this.maxModels = maxModels;
    }

    private record Labels(String gateway, String provider, String model, int status, boolean cached, boolean success) {
    }

    /** The meters of one set of labels, registered once and then used directly. */
    private record Meters(Counter requests, Timer duration, Timer overhead, Counter tokensIn, Counter tokensOut,
                          Counter cost) {
    }

    @Override
    public void exchangeRecorded(LogEntry entry, Optional<Duration> overhead) {
        String gateway = entry.gateway().id().value();
        String model = entry.model().isEmpty() ? "unknown" : entry.model();
        Meters m = meters.get(new Labels(gateway, entry.provider(), model, entry.statusCode(), entry.cached(),
                entry.success()));
        if (m == null) {
            m = meters.computeIfAbsent(new Labels(gateway, entry.provider(), bounded(gateway, entry.provider(), model),
                    entry.statusCode(), entry.cached(), entry.success()), this::register);
        }
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

    /**
     * Drops a deleted gateway's series (about 160, most of them histogram buckets), so that the scrape does not carry
     * them for good and a gateway created again under its id starts its own. An answer of the deleted gateway still
     * streaming may make a few again when it ends.
     */
    public void forget(GatewayRef gateway) {
        String id = gateway.id().value();
        models.keySet().removeIf(key -> key.startsWith(id + '\n'));
        meters.entrySet().removeIf(entry -> {
            if (!entry.getKey().gateway().equals(id)) {
                return false;
            }
            Meters m = entry.getValue();
            for (Meter meter : List.of(m.requests(), m.duration(), m.overhead(), m.tokensIn(), m.tokensOut(), m.cost())) {
                registry.remove(meter);
            }
            return true;
        });
    }

    /** The model's label: itself if it is one of the gateway and provider's first {@code maxModels}, else OTHER. */
    private String bounded(String gateway, String provider, String model) {
        Set<String> seen = models.computeIfAbsent(gateway + '\n' + provider, key -> ConcurrentHashMap.newKeySet());
        if (seen.contains(model)) {
            return model;
        }
        synchronized (seen) {
            if (seen.size() < maxModels) {
                seen.add(model);
                return model;
            }
        }
        return OTHER;
    }

    private Meters register(Labels l) {
        String cache = l.cached() ? "HIT" : "MISS";
        return new Meters(
                Counter.builder("sluice.requests").description("Requests through the gateway, one per upstream attempt or cache hit")
                        .tags("gateway", l.gateway(), "provider", l.provider(), "model", l.model(), "status",
                                Integer.toString(l.status()), "cache", cache, "success", Boolean.toString(l.success()))
                        .register(registry),
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
