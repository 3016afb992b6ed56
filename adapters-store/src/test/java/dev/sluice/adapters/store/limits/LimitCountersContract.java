package dev.sluice.adapters.store.limits;

import dev.sluice.application.limits.LimitCountersPort;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.limits.Admission;
import dev.sluice.domain.limits.CounterUsage;
import dev.sluice.domain.limits.CounterWindow;
import dev.sluice.domain.limits.LimitCounter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** What every limit counter store must do, exactly: the same suite for the in-process and the Redis ones. */
public abstract class LimitCountersContract {

    /** 2026-12-03T12:00:00Z, aligned to every window used here. */
    protected static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");

    protected abstract LimitCountersPort counters();

    private final String prefix = "acct/gw-" + UUID.randomUUID() + "/rule|";

    private LimitCounter counter(long limit, CounterWindow.Kind kind, Duration window) {
        return new LimitCounter(prefix, limit, new CounterWindow(kind, window));
    }

    private Admission admit(LimitCounter counter, long amount, Instant at) {
        return counters().admit(counter, amount, at).toCompletableFuture().join();
    }

    @Test
    void aFixedWindowCountsToItsLimitAndStartsAgainAtItsBoundary() {
        LimitCounter counter = counter(3, CounterWindow.Kind.FIXED, Duration.ofMinutes(1));
        for (int i = 0; i < 3; i++) {
            Admission admitted = admit(counter, 1, T0.plusSeconds(10));
            assertThat(admitted.allowed()).isTrue();
            assertThat(admitted.remaining()).isEqualTo(2 - i);
            assertThat(admitted.reset()).isEqualTo(T0.plusSeconds(60));
        }
        Admission refused = admit(counter, 1, T0.plusSeconds(59));
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(admit(counter, 1, T0.plusSeconds(60)).allowed()).as("a new window").isTrue();
    }

    @Test
    void forgettingAGatewayDropsEveryCounterOfItsAndNoOtherGateways() {
        String gateway = prefix.substring(0, prefix.indexOf("rule|"));
        LimitCounter fixed = counter(1, CounterWindow.Kind.FIXED, Duration.ofMinutes(1));
        LimitCounter sliding = new LimitCounter(gateway + "other|team=a", 1,
                new CounterWindow(CounterWindow.Kind.SLIDING, Duration.ofMinutes(1)));
        LimitCounter neighbour = new LimitCounter(gateway.substring(0, gateway.length() - 1) + "x/rule|", 1,
                new CounterWindow(CounterWindow.Kind.FIXED, Duration.ofMinutes(1)));
        for (LimitCounter counter : List.of(fixed, sliding, neighbour)) {
            assertThat(admit(counter, 1, T0).allowed()).isTrue();
            assertThat(admit(counter, 1, T0).allowed()).as("full").isFalse();
        }

        String[] accountAndId = gateway.split("/");
        counters().forget(new GatewayRef(new AccountId(accountAndId[0]), new GatewayId(accountAndId[1])))
                .toCompletableFuture().join();

        assertThat(admit(fixed, 1, T0).allowed()).as("counted afresh").isTrue();
        assertThat(admit(sliding, 1, T0).allowed()).as("counted afresh").isTrue();
        assertThat(admit(neighbour, 1, T0).allowed()).as("gw-…x is another gateway").isFalse();
    }

    @Test
    void aSlidingWindowAdmitsNoMoreThanTheLimitInAnyWindowLongSpan() {
        LimitCounter counter = counter(2, CounterWindow.Kind.SLIDING, Duration.ofSeconds(10));
        assertThat(admit(counter, 1, T0).allowed()).isTrue();
        assertThat(admit(counter, 1, T0.plusSeconds(5)).allowed()).isTrue();
        Admission refused = admit(counter, 1, T0.plusSeconds(9));
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.reset()).as("when the oldest leaves").isEqualTo(T0.plusSeconds(10));
        assertThat(admit(counter, 1, T0.plusMillis(10_001)).allowed()).isTrue();
        assertThat(admit(counter, 1, T0.plusSeconds(14)).allowed()).as("the one at 5 s is still in").isFalse();
    }

    /**
     * Found by a probe: a refused amount's reset was when the oldest entry left even when that freed too little, so a
     * client that retried then was refused again, three times.
     */
    @Test
    void aRefusedSlidingAmountsResetIsWhenEnoughHasLeftForIt() {
        LimitCounter counter = counter(100, CounterWindow.Kind.SLIDING, Duration.ofSeconds(10));
        for (int at = 0; at <= 6; at += 3) {
            assertThat(admit(counter, 30, T0.plusSeconds(at)).allowed()).isTrue();
        }
        Admission refused = admit(counter, 50, T0.plusSeconds(7));
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.reset()).as("once 60 of the 90 have left").isEqualTo(T0.plusSeconds(13));
        assertThat(admit(counter, 50, T0.plusMillis(10_001)).allowed()).as("30 left: not yet").isFalse();
        assertThat(admit(counter, 50, T0.plusMillis(13_001)).allowed()).isTrue();
    }

    @Test
    void amountsAreReservedAndSettledWithTheRealOne() {
        LimitCounter counter = counter(100, CounterWindow.Kind.SLIDING, Duration.ofMinutes(1));
        Admission first = admit(counter, 80, T0);
        assertThat(first.allowed()).isTrue();
        assertThat(admit(counter, 30, T0.plusSeconds(1)).allowed()).as("80 + 30 is over").isFalse();
        counters().settle(first, 20).toCompletableFuture().join();
        Admission second = admit(counter, 30, T0.plusSeconds(2));
        assertThat(second.allowed()).isTrue();
        assertThat(second.used()).isEqualTo(50);
        Admission tokens = admit(counter, 0, T0.plusSeconds(3));
        assertThat(tokens.allowed()).as("an amount of 0 only checks it is under").isTrue();
        counters().settle(tokens, 60).toCompletableFuture().join();
        assertThat(admit(counter, 0, T0.plusSeconds(4)).allowed()).as("110 of 100").isFalse();
        List<CounterUsage> usage = counters().usage(prefix, counter.window(), T0.plusSeconds(4)).toCompletableFuture()
                .join();
        assertThat(usage).extracting(CounterUsage::partition, CounterUsage::used).containsExactly(
                org.assertj.core.groups.Tuple.tuple("", 110L));
    }

    @Test
    void aFixedWindowSettlesOnlyInTheWindowItWasCountedIn() {
        LimitCounter counter = counter(10, CounterWindow.Kind.FIXED, Duration.ofMinutes(1));
        Admission old = admit(counter, 5, T0);
        admit(counter, 2, T0.plusSeconds(61));
        counters().settle(old, 0).toCompletableFuture().join();
        assertThat(admit(counter, 0, T0.plusSeconds(62)).used()).isEqualTo(2);
    }

    @Test
    void aConcurrencyCounterFreesASlotWhenItIsGivenBack() {
        LimitCounter counter = counter(2, CounterWindow.Kind.CONCURRENT, Duration.ofMinutes(15));
        Admission one = admit(counter, 1, T0);
        admit(counter, 1, T0);
        assertThat(admit(counter, 1, T0).allowed()).isFalse();
        counters().settle(one, 0).toCompletableFuture().join();
        assertThat(admit(counter, 1, T0.plusSeconds(1)).allowed()).isTrue();
    }

    @Test
    void oneRequestsSettlementsAreMadeTogether() {
        LimitCounter tokens = new LimitCounter(prefix.replace("/rule|", "/tokens|"), 100,
                new CounterWindow(CounterWindow.Kind.SLIDING, Duration.ofMinutes(1)));
        LimitCounter slots = new LimitCounter(prefix.replace("/rule|", "/slots|"), 1,
                new CounterWindow(CounterWindow.Kind.CONCURRENT, Duration.ofMinutes(15)));
        LimitCounter spend = new LimitCounter(prefix.replace("/rule|", "/spend|"), 1_000,
                new CounterWindow(CounterWindow.Kind.FIXED, Duration.ofMinutes(1)));
        List<Admission> admitted = counters().admitAll(List.of(tokens, slots, spend), new long[] {0, 1, 400}, T0)
                .toCompletableFuture().join();

        counters().settleAll(admitted, new long[] {70, 0, 150}).toCompletableFuture().join();

        assertThat(admit(tokens, 0, T0.plusSeconds(1)).used()).isEqualTo(70);
        assertThat(admit(slots, 1, T0.plusSeconds(1)).allowed()).as("the slot was given back").isTrue();
        assertThat(admit(spend, 0, T0.plusSeconds(1)).used()).as("the estimate replaced by the cost").isEqualTo(150);
    }

    @Test
    void underConcurrencyExactlyTheLimitPasses() throws Exception {
        LimitCounter counter = counter(100, CounterWindow.Kind.SLIDING, Duration.ofMinutes(1));
        AtomicInteger passed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CompletableFuture<?>[] all = new CompletableFuture<?>[300];
            for (int i = 0; i < all.length; i++) {
                all[i] = CompletableFuture.runAsync(() -> {
                    if (admit(counter, 1, T0).allowed()) {
                        passed.incrementAndGet();
                    }
                }, pool);
            }
            CompletableFuture.allOf(all).get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(passed).hasValue(100);
    }
}
