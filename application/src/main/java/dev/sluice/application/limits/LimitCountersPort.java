package dev.sluice.application.limits;

import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.limits.Admission;
import dev.sluice.domain.limits.CounterUsage;
import dev.sluice.domain.limits.CounterWindow;
import dev.sluice.domain.limits.LimitCounter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Limit counters, in this process or shared by replicas. Every operation is atomic per counter. A store
 * that cannot be reached fails the returned stage (within its own timeout); it never blocks the caller.
 */
public interface LimitCountersPort {

    /**
     * Counts {@code amount} if the counter is under its limit and stays within it (an amount of 0 — tokens,
     * charged once the answer has ended — only checks that it is under).
     */
    CompletionStage<Admission> admit(LimitCounter counter, long amount, Instant now);

    /**
     * Admits one request against several counters: each answer says whether it was counted. A store that
     * can do so counts all or none atomically; this default counts each on its own, so the caller gives
     * back what was counted when one refuses. One counter (a gateway's own rate limit, the usual case) is
     * that counter's admission, with no futures to join.
     */
    default CompletionStage<List<Admission>> admitAll(List<LimitCounter> counters, long[] amounts, Instant now) {
        if (counters.size() == 1) {
            return admit(counters.get(0), amounts[0], now).thenApply(List::of);
        }
        List<CompletableFuture<Admission>> each = new ArrayList<>(counters.size());
        for (int i = 0; i < counters.size(); i++) {
            each.add(admit(counters.get(i), amounts[i], now).toCompletableFuture());
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(all -> each.stream().map(CompletableFuture::join).toList());
    }

    /**
     * Replaces what {@code admission} counted with {@code amount} (0 takes it back); best effort: a store
     * that cannot be reached leaves the admitted amount, and the stage still completes normally.
     */
    CompletionStage<Void> settle(Admission admission, long amount);

    /**
     * Settles several of one request's admissions at once (as {@link #settle} each). A store that can do so
     * settles them in one operation; this default settles each on its own.
     */
    default CompletionStage<Void> settleAll(List<Admission> admissions, long[] amounts) {
        CompletableFuture<?>[] each = new CompletableFuture<?>[admissions.size()];
        for (int i = 0; i < each.length; i++) {
            each[i] = settle(admissions.get(i), amounts[i]).toCompletableFuture();
        }
        return CompletableFuture.allOf(each);
    }

    /** The counters of one rule whose keys start with {@code keyPrefix}, as they stand at {@code now}. */
    CompletionStage<List<CounterUsage>> usage(String keyPrefix, CounterWindow window, Instant now);

    /**
     * Drops every counter of one gateway (their keys start with {@link #gatewayPrefix}), so a gateway deleted and
     * created again under the same id starts with none of its predecessor's counts or spend. May block.
     */
    CompletionStage<Void> forget(GatewayRef gateway);

    /** What the keys of every counter of {@code gateway} start with. */
    static String gatewayPrefix(GatewayRef gateway) {
        return gateway.account().value() + "/" + gateway.id().value() + "/";
    }
}
