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
import dev.sluice.domain.gateway.RateLimitTechnique;
import dev.sluice.domain.limits.CounterUsage;
import dev.sluice.domain.limits.CounterWindow;
import dev.sluice.domain.limits.RateLimitedException;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
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
        List<RuleUsage> rules = new ArrayList<>();
        if (settings.rateLimited()) {
            rules.add(rule(gateway, RateLimitedException.GATEWAY_RULE, LimitMeasure.REQUESTS,
                    BigDecimal.valueOf(settings.rateLimitingLimit()), settings.rateLimitingIntervalSeconds(),
                    settings.rateLimitingTechnique(), true, false, now));
        }
        List<LimitRule> all = new ArrayList<>(settings.limits().rules());
        all.addAll(settings.limits().spendRules());
        for (LimitRule rule : all) {
            rules.add(rule(gateway, rule.id(), rule.measure(), rule.limit(), rule.windowSeconds(), rule.technique(),
                    rule.enabled() && (!rule.spend() || settings.limits().spendEnabled()),
                    !rule.dimensions().stream().allMatch(d -> d.mode() == LimitDimension.Mode.FILTER),
                    now));
        }
        return rules;
    }

    private RuleUsage rule(Gateway gateway, String id, LimitMeasure measure, BigDecimal limit, long windowSeconds,
                           RateLimitTechnique technique, boolean enabled, boolean partitioned, Instant now) {
        CounterWindow window = LimitPlan.window(measure, technique, windowSeconds);
        // A counter holding nothing (its requests were given back, or its window has passed) is not listed.
        List<CounterUsage> found = read(LimitPlan.prefix(gateway, id), window, now).stream()
                .filter(counter -> counter.used() > 0).toList();
        if (found.isEmpty() && !partitioned) {
            found = List.of(new CounterUsage("", 0, measure == LimitMeasure.CONCURRENT ? now
                    : now.plus(Duration.ofSeconds(windowSeconds))));
        }
        long units = measure == LimitMeasure.COST ? limit.multiply(LimitRule.NANOS).longValue() : limit.longValue();
        List<PartitionUsage> partitions = found.stream().map(counter -> new PartitionUsage(counter.partition(),
                amount(measure, counter.used()), amount(measure, Math.max(0, units - counter.used())),
                counter.reset())).toList();
        return new RuleUsage(id, measure.wire(), measure == LimitMeasure.COST ? limit.stripTrailingZeros()
                .toPlainString() : limit.toPlainString(), measure == LimitMeasure.CONCURRENT ? 0 : windowSeconds,
                measure == LimitMeasure.CONCURRENT ? null : technique.wire(), enabled, partitions);
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

    private static String amount(LimitMeasure measure, long units) {
        return measure == LimitMeasure.COST ? BigDecimal.valueOf(units, 9).stripTrailingZeros().toPlainString()
                : Long.toString(units);
    }
}
