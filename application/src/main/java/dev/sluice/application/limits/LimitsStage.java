package dev.sluice.application.limits;

import dev.sluice.application.pipeline.Exchange;
import dev.sluice.application.pipeline.ProxiedResponse;
import dev.sluice.application.pipeline.Stage;
import dev.sluice.domain.cache.CacheStatus;
import dev.sluice.domain.error.Failures;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.gateway.LimitMeasure;
import dev.sluice.domain.limits.Admission;
import dev.sluice.domain.limits.LimitCounter;
import dev.sluice.domain.limits.RateDecision;
import dev.sluice.domain.limits.RateLimitedException;
import dev.sluice.domain.usage.ModelLocator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Enforces a gateway's limits: its own Cloudflare rate limit ({@code rate_limiting_limit} per
 * {@code rate_limiting_interval}), its request, token and concurrency rules, and its spend limits. Every
 * counter the request falls under is checked at once; when one is full, what the others counted is given
 * back and the request is refused — 429, code 2003 (2041 for a spend limit) naming the rule — before it
 * reaches the provider (the call stage refuses it), but still answered if the cache has its answer, since
 * cache hits do not count. An admitted request's charges are settled once it is over ({@link Charges}).
 * It sits after the observe stage (so a refusal is on record) and before the cache.
 */
public final class LimitsStage implements Stage {

    private final LimitCountersPort counters;
    private final LimitPlan plan;
    private final LimitEventsPort events;
    private final Clock clock;
    private final Reservations reservations = new Reservations();

    public LimitsStage(LimitCountersPort counters, SpendEstimate spend, ModelLocator models,
                       LimitEventsPort events, Clock clock) {
        this.counters = counters;
        this.plan = new LimitPlan(models, spend);
        this.events = events;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "limits";
    }

    @Override
    public CompletionStage<ProxiedResponse> apply(Exchange exchange, Next next) {
        if (!LimitPlan.limited(exchange.gateway().settings())) {
            return next.proceed(exchange);
        }
        List<LimitCheck> checks = plan.checks(exchange);
        if (checks.isEmpty()) {
            return next.proceed(exchange);
        }
        Instant now = clock.instant();
        List<LimitCounter> counters = new ArrayList<>(checks.size());
        long[] amounts = new long[checks.size()];
        for (int i = 0; i < checks.size(); i++) {
            counters.add(checks.get(i).counter());
            amounts[i] = checks.get(i).amount();
        }
        return this.counters.admitAll(counters, amounts, now)
                .handle((admissions, failure) -> failure == null ? admissions
                        : Collections.<Admission>nCopies(checks.size(), null))
                .thenCompose(admissions -> decide(exchange, next, checks, admissions, now));
    }

    private CompletionStage<ProxiedResponse> decide(Exchange exchange, Next next, List<LimitCheck> checks,
                                                    List<Admission> admissions, Instant now) {
        GatewayRef gateway = exchange.gateway().ref();
        List<Charges.Held> held = new ArrayList<>(checks.size());
        RateLimitedException refusal = null;
        for (int i = 0; i < checks.size(); i++) {
            LimitCheck check = checks.get(i);
            Admission admission = admissions.get(i);
            if (admission == null) {
                boolean allow = check.rule().onStoreFailureAllow();
                events.storeFailed(gateway, check.rule().id(), allow, null);
                if (!allow && refusal == null) {
                    refusal = refusal(check, new RateDecision(false, check.counter().limit(), 0, now.plusSeconds(1)),
                            check.refusal() + ": its counters cannot be reached and it denies on store failure", now,
                            false);
                }
            } else if (admission.allowed()) {
                held.add(new Charges.Held(check.rule().measure(), admission));
            } else if (admission.amount() > admission.counter().limit()) {
                // It cannot pass this rule at any time: named before any rule that only has to reopen.
                if (refusal == null || !refusal.never()) {
                    refusal = refusal(check, admission.decision(), check.refusal() + check.never(), now, true);
                }
            } else if (over(admission)) {
                RateDecision decision = reopening(check, admission, now);
                if (refusal == null || !refusal.never() && decision.reset().isAfter(refusal.decision().reset())) {
                    // Of the rules that refuse, the one that reopens last: Retry-After says when the request may pass.
                    refusal = refusal(check, decision, check.refusal(), now, false);
                }
            }
        }
        Charges charges = new Charges(counters, held, reservations);
        if (refusal != null) {
            charges.release();
            // A cache hit is still served: only a call that would reach the provider is refused, and only a
            // refusal that was answered counts as one.
            exchange.refuseUpstream(refusal);
            RateLimitedException refused = refusal;
            return next.proceed(exchange).whenComplete((answer, failure) -> {
                if (failure != null && Failures.cause(failure) == refused) {
                    events.refused(gateway, refused.rule());
                }
            });
        }
        exchange.settlement(charges);
        return next.proceed(exchange).whenComplete((answer, failure) -> {
            if (failure != null) {
                charges.failed();
            } else if (answer.cacheStatus() == CacheStatus.HIT) {
                charges.release();
            }
        });
    }

    /** Whether this counter is the one that refused (an atomic store leaves the others uncounted too). */
    /**
     * When a refused request may pass: the counter's own reopening, or in a second when the estimates this process's
     * calls in flight hold on it are all that is in the way ({@link Reservations}), since they settle as those end.
     */
    private RateDecision reopening(LimitCheck check, Admission admission, Instant now) {
        RateDecision decision = admission.decision();
        LimitMeasure measure = check.rule().measure();
        if (measure != LimitMeasure.TOKENS && measure != LimitMeasure.COST) {
            return decision;
        }
        long pending = reservations.of(admission.counter().key());
        Instant soon = now.plusSeconds(1);
        if (pending > 0 && admission.used() - pending + admission.amount() <= admission.counter().limit()
                && decision.reset().isAfter(soon)) {
            return new RateDecision(false, decision.limit(), decision.remaining(), soon);
        }
        return decision;
    }

    /** Estimates held by calls in flight: for tests. */
    Reservations reservations() {
        return reservations;
    }

    private static boolean over(Admission admission) {
        long limit = admission.counter().limit();
        return admission.used() >= limit || admission.used() + admission.amount() > limit;
    }

    /** @param never the request cannot pass the rule at any time: no time to come back is given */
    private static RateLimitedException refusal(LimitCheck check, RateDecision decision, String message, Instant now,
                                                boolean never) {
        return new RateLimitedException(check.code(), message, decision, now, check.rule().id(), check.rule().limit(),
                never);
    }
}
