package dev.sluice.application.support;

import dev.sluice.application.limits.LimitCountersPort;
import dev.sluice.application.limits.LimitEventsPort;
import dev.sluice.application.limits.LimitsStage;
import dev.sluice.application.limits.SpendEstimate;
import dev.sluice.domain.cost.PriceTable;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.json.JsonObjectReader;
import dev.sluice.domain.limits.Admission;
import dev.sluice.domain.limits.CounterUsage;
import dev.sluice.domain.limits.CounterWindow;
import dev.sluice.domain.limits.LimitCounter;
import dev.sluice.domain.usage.ModelLocator;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For the core's tests: a sum per key that never resets (the real windows are the adapters', tested
 * there against one contract), or a store that cannot be reached.
 */
public final class CountingLimitCounters implements LimitCountersPort {

    /** Limit events nobody watches. */
    public static final LimitEventsPort NO_EVENTS = new LimitEventsPort() {
        @Override
        public void refused(GatewayRef gateway, String rule) {
        }

        @Override
        public void storeFailed(GatewayRef gateway, String rule, boolean allowed,
                                Throwable cause) {
        }
    };

    public final Map<String, Long> counts = new ConcurrentHashMap<>();
    public volatile boolean unreachable;

    public static LimitsStage stage(LimitCountersPort counters, JsonObjectReader json, PriceTable prices,
                                    LimitEventsPort events, Clock clock) {
        return new LimitsStage(counters, new SpendEstimate(prices, (model, text) -> text.length() / 4, json, 1000),
                new ModelLocator(json, List.of()), events, clock);
    }

    @Override
    public CompletionStage<Admission> admit(LimitCounter counter, long amount, Instant now) {
        if (unreachable) {
            return CompletableFuture.failedFuture(new IllegalStateException("store down"));
        }
        synchronized (counts) {
            long before = counts.getOrDefault(counter.key(), 0L);
            boolean allowed = before < counter.limit() && before + amount <= counter.limit();
            long used = allowed ? before + amount : before;
            counts.put(counter.key(), used);
            return CompletableFuture.completedFuture(new Admission(counter, allowed, used,
                    now.plus(counter.window().length()), amount, 0, now));
        }
    }

    @Override
    public CompletionStage<Void> settle(Admission admission, long amount) {
        if (admission.allowed()) {
            synchronized (counts) {
                counts.computeIfPresent(admission.counter().key(), (key, count) -> count + amount - admission.amount());
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<CounterUsage>> usage(String keyPrefix, CounterWindow window, Instant now) {
        return CompletableFuture.completedFuture(counts.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(keyPrefix))
                .map(entry -> new CounterUsage(entry.getKey().substring(keyPrefix.length()), entry.getValue(), now))
                .toList());
    }

    @Override
    public CompletionStage<Void> forget(GatewayRef gateway) {
        String prefix = LimitCountersPort.gatewayPrefix(gateway);
        counts.keySet().removeIf(key -> key.startsWith(prefix));
        return CompletableFuture.completedFuture(null);
    }
}
