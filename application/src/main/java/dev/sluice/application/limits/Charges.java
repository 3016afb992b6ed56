package dev.sluice.application.limits;

import dev.sluice.application.pipeline.Settlement;
import dev.sluice.domain.cost.Cost;
import dev.sluice.domain.gateway.LimitMeasure;
import dev.sluice.domain.gateway.LimitRule;
import dev.sluice.domain.limits.Admission;
import dev.sluice.domain.usage.TokenUsage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * What one admitted request holds on its counters, and how each is settled: a request stays counted;
 * a slot in flight is given back when the answer ends; tokens are charged, and a spend reservation
 * replaced by the real cost, once the log has worked them out. A cache hit gives everything back.
 */
final class Charges implements Settlement {

    private final LimitCountersPort counters;
    private final List<Held> held;
    private final Reservations reservations;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean settled = new AtomicBoolean();

    record Held(LimitMeasure measure, Admission admission) {
    }

    /** @param reservations where the token and spend charges' estimates are held until they settle */
    Charges(LimitCountersPort counters, List<Held> held, Reservations reservations) {
        this.counters = counters;
        this.held = held;
        this.reservations = reservations;
        for (Held charge : held) {
            if (estimated(charge)) {
                reservations.hold(charge.admission().counter().key(), charge.admission().amount());
            }
        }
    }

    private static boolean estimated(Held charge) {
        return charge.measure() == LimitMeasure.TOKENS || charge.measure() == LimitMeasure.COST;
    }

    /** The estimates are no longer in flight: settled, given back, or kept as spent. */
    private void estimatesSettled() {
        for (Held charge : held) {
            if (estimated(charge)) {
                reservations.release(charge.admission().counter().key(), charge.admission().amount());
            }
        }
    }

    @Override
    public void ended() {
        if (ended.compareAndSet(false, true)) {
            settle(charge -> charge.measure() == LimitMeasure.CONCURRENT ? 0L : null);
        }
    }

    @Override
    public void measured(Optional<TokenUsage> tokens, Cost cost) {
        ended();
        if (settled.compareAndSet(false, true)) {
            estimatesSettled();
            settle(charge -> switch (charge.measure()) {
                case TOKENS -> tokens.map(TokenUsage::total).orElse(0L);
                case COST -> LimitRule.nanodollars(cost.usd());
                default -> null;
            });
        }
    }

    @Override
    public boolean measures() {
        for (Held charge : held) {
            if (estimated(charge)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void unmeasured() {
        ended();
        if (settled.compareAndSet(false, true)) {
            estimatesSettled();
        }
    }

    /** No answer came from the provider (it failed, or nothing was sent): no tokens, no cost. */
    void failed() {
        measured(Optional.empty(), Cost.ZERO);
    }

    /**
     * Answered from the cache, or refused by another rule: nothing counts. Only what is still held is given
     * back: a slot already freed when the answer ended, or a charge the log already settled, is not given
     * back a second time (that would free another request's slot, or take another request's count).
     */
    void release() {
        boolean slotsHeld = ended.compareAndSet(false, true);
        boolean chargesHeld = settled.compareAndSet(false, true);
        if (chargesHeld) {
            estimatesSettled();
        }
        settle(charge -> (charge.measure() == LimitMeasure.CONCURRENT ? slotsHeld : chargesHeld) ? 0L : null);
    }

    /** Settles, in one call to the store, each charge {@code amount} gives a new amount for (null: leave it). */
    private void settle(Function<Held, Long> amount) {
        List<Admission> admissions = new ArrayList<>(held.size());
        long[] amounts = new long[held.size()];
        for (Held charge : held) {
            Long settled = amount.apply(charge);
            if (settled != null) {
                amounts[admissions.size()] = settled;
                admissions.add(charge.admission());
            }
        }
        if (!admissions.isEmpty()) {
            counters.settleAll(admissions, Arrays.copyOf(amounts, admissions.size()));
        }
    }
}
