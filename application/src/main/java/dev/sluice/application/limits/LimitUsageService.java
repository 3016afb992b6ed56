package dev.sluice.application.limits;

import dev.sluice.application.gateway.ManageGatewaysUseCase;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.Gateway;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.gateway.GatewaySettings;
import dev.sluice.domain.gateway.LimitDimension;
import dev.sluice.domain.gateway.LimitMeasure;
import dev.sluice.domain.gateway.LimitRule;
import dev.sluice.domain.limits.CounterUsage;
import dev.sluice.domain.limits.CounterWindow;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Reads each limit's counters. A counter the store no longer holds (its window passed) is not listed; an
 * unpartitioned rule nobody has used yet is listed at zero.
 */
public final class LimitUsageService implements LimitUsageUseCase {

    private static final long WAIT_SECONDS = 5;

    private final ManageGatewaysUseCase gateways;
    private final LimitCountersPort counters;
    private final Clock clock;

    public LimitUsageService(ManageGatewaysUseCase gateways, LimitCountersPort counters, Clock clock) {
        this.gateways = gateways;
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public List<RuleUsage> usage(GatewayRef ref) {
        Gateway gateway = gateways.get(ref);
        GatewaySettings settings = gateway.settings();
        Instant now = clock.instant();
        List<LimitRule> all = new ArrayList<>();
        settings.rateLimitRule().ifPresent(all::add);
        all.addAll(settings.limits().rules());
        all.addAll(settings.limits().spendRules());
        return all.stream().map(rule -> usage(gateway, rule, settings.limits().isActive(rule), now)).toList();
    }

    private RuleUsage usage(Gateway gateway, LimitRule rule, boolean enabled, Instant now) {
        CounterWindow window = LimitPlan.window(rule);
        // A counter holding nothing (its requests were given back, or its window has passed) is not listed.
        List<CounterUsage> found = read(LimitPlan.prefix(gateway, rule.id()), window, now).stream()
                .filter(counter -> counter.used() > 0).toList();
        boolean concurrent = rule.measure() == LimitMeasure.CONCURRENT;
        if (found.isEmpty() && rule.dimensions().stream().allMatch(d -> d.mode() == LimitDimension.Mode.FILTER)) {
            found = List.of(new CounterUsage("", 0, emptyReset(window, now)));
        }
        List<PartitionUsage> partitions = found.stream().map(counter -> new PartitionUsage(counter.partition(),
                amount(rule, counter.used()), amount(rule, Math.max(0, rule.units() - counter.used())),
                counter.reset())).toList();
        return new RuleUsage(rule.id(), rule.measure().wire(), amount(rule, rule.units()),
                concurrent ? 0 : rule.windowSeconds(), concurrent ? null : rule.technique().wire(), enabled, partitions);
    }

    /**
     * When a counter that holds nothing would reset, to the millisecond as counters keep time: a fixed window's end
     * (it said now plus a window, to the nanosecond), a sliding window's for what is counted now, a concurrent's now.
     */
    static Instant emptyReset(CounterWindow window, Instant now) {
        long at = now.toEpochMilli();
        return Instant.ofEpochMilli(switch (window.kind()) {
            case FIXED -> Math.floorDiv(at, window.millis()) * window.millis() + window.millis();
            case SLIDING -> at + window.millis();
            case CONCURRENT -> at;
        });
    }

    private List<CounterUsage> read(String prefix, CounterWindow window, Instant now) {
        try {
            return counters.usage(prefix, window, now).toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } catch (Exception e) {
            throw new GatewayException(ErrorCode.STORE_UNAVAILABLE,
                    "The limit counters cannot be read now; try again");
        }
    }

    private static String amount(LimitRule rule, long units) {
        return rule.spend() ? LimitRule.dollars(units) : Long.toString(units);
    }
}
