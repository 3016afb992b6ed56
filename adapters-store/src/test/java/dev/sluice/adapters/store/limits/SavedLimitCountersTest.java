package dev.sluice.adapters.store.limits;

import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.adapters.store.database.SluiceDatabases;
import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.domain.gateway.AccountId;
import dev.sluice.domain.gateway.GatewayId;
import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.limits.Admission;
import dev.sluice.domain.limits.CounterUsage;
import dev.sluice.domain.limits.CounterWindow;
import dev.sluice.domain.limits.LimitCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counters kept in process are saved in the embedded file and read back by the next process: a restart (a deploy) no
 * longer started every window again, a monthly spend budget included.
 */
class SavedLimitCountersTest {

    private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");
    private static final CounterWindow HOUR_FIXED = new CounterWindow(CounterWindow.Kind.FIXED, Duration.ofHours(1));
    private static final CounterWindow HOUR_SLIDING = new CounterWindow(CounterWindow.Kind.SLIDING, Duration.ofHours(1));
    private static final CounterWindow IN_FLIGHT = new CounterWindow(CounterWindow.Kind.CONCURRENT, Duration.ofMinutes(15));

    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private HikariDataSource dataSource;
    private CounterSnapshots snapshots;

    private CounterSnapshots snapshots() {
        if (dataSource == null) {
            dataSource = SluiceDatabases.sqlite(dir.resolve("logs.db"), 2);
            snapshots = new CounterSnapshots(new Jdbc(dataSource));
        }
        return snapshots;
    }

    @AfterEach
    void close() {
        if (dataSource != null) {
            dataSource.close();
        }
    }

    private static Admission admit(EmbeddedLimitCounters counters, LimitCounter counter, long amount, Instant at) {
        return counters.admit(counter, amount, at).toCompletableFuture().join();
    }

    private static long used(EmbeddedLimitCounters counters, String prefix, CounterWindow window, Instant at) {
        List<CounterUsage> usage = counters.usage(prefix, window, at).toCompletableFuture().join();
        return usage.stream().mapToLong(CounterUsage::used).sum();
    }

    @Test
    void fixedAndSlidingCountersComeBackAfterARestartAndWhatWasInFlightDoesNot() {
        LimitCounter fixed = new LimitCounter("local/g/spend|", 10, HOUR_FIXED);
        LimitCounter sliding = new LimitCounter("local/g/tokens|", 10, HOUR_SLIDING);
        LimitCounter inFlight = new LimitCounter("local/g/busy|", 1, IN_FLIGHT);
        EmbeddedLimitCounters first = new EmbeddedLimitCounters(clock, snapshots());
        admit(first, fixed, 6, T0);
        Admission reserved = admit(first, sliding, 5, T0);
        admit(first, sliding, 2, T0.plusSeconds(600));
        first.settle(reserved, 3); // an estimate of 5 settled at its real 3
        admit(first, inFlight, 1, T0);
        now.set(T0.plusSeconds(900));
        first.close();

        EmbeddedLimitCounters second = new EmbeddedLimitCounters(clock, snapshots());
        try {
            assertThat(used(second, "local/g/", HOUR_FIXED, now.get())).isEqualTo(6);
            assertThat(used(second, "local/g/", HOUR_SLIDING, now.get())).isEqualTo(5);
            assertThat(admit(second, fixed, 5, now.get()).allowed()).as("6 of 10 spent before the restart").isFalse();
            assertThat(admit(second, fixed, 4, now.get()).allowed()).isTrue();
            assertThat(admit(second, inFlight, 1, now.get()).allowed()).as("nothing is in flight any more").isTrue();
            Admission refused = admit(second, sliding, 6, now.get());
            assertThat(refused.allowed()).isFalse();
            assertThat(refused.reset()).as("the first entry leaves an hour after its step (55 ms) it was counted in")
                    .isBetween(T0.plusSeconds(3600), T0.plusSeconds(3600).plusMillis(55));
            assertThat(admit(second, sliding, 6, T0.plusSeconds(3601)).allowed()).isTrue();
        } finally {
            second.close();
        }
    }

    @Test
    void aWindowThatPassedWhileStoppedStartsAfresh() {
        LimitCounter fixed = new LimitCounter("local/g/spend|", 10, HOUR_FIXED);
        LimitCounter sliding = new LimitCounter("local/g/tokens|", 10, HOUR_SLIDING);
        EmbeddedLimitCounters first = new EmbeddedLimitCounters(clock, snapshots());
        admit(first, fixed, 10, T0);
        admit(first, sliding, 10, T0);
        first.close();
        now.set(T0.plus(Duration.ofHours(1)).plusSeconds(1));
        EmbeddedLimitCounters second = new EmbeddedLimitCounters(clock, snapshots());
        try {
            assertThat(admit(second, fixed, 10, now.get()).allowed()).isTrue();
            assertThat(admit(second, sliding, 10, now.get()).allowed()).isTrue();
        } finally {
            second.close();
        }
    }

    /** A crash keeps what the last save had; a deleted gateway's counters are saved away at once, not brought back. */
    @Test
    void aSaveWithoutAShutdownKeepsTheCountersAndADeletedGatewaysAreGone() {
        GatewayRef deleted = new GatewayRef(new AccountId("local"), new GatewayId("gone"));
        EmbeddedLimitCounters first = new EmbeddedLimitCounters(clock, snapshots());
        admit(first, new LimitCounter("local/kept/r|", 10, HOUR_FIXED), 3, T0);
        admit(first, new LimitCounter("local/gone/r|", 10, HOUR_FIXED), 4, T0);
        first.save();
        first.forget(deleted).toCompletableFuture().join();
        // Read back at once, as after a crash right after the delete: the first is never closed, so only the save the
        // forget made has removed the deleted gateway's counter (the next periodic one is 2 s away).
        EmbeddedLimitCounters second = new EmbeddedLimitCounters(clock, snapshots());
        try {
            assertThat(used(second, "local/gone/", HOUR_FIXED, T0)).isZero();
            assertThat(used(second, "local/kept/", HOUR_FIXED, T0)).isEqualTo(3);
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void slotsAreWrittenAsAFewBytesEachAndReadBackExactly() {
        long[] times = {T0.toEpochMilli(), T0.toEpochMilli() + 1, T0.toEpochMilli() + 70_000, Long.MAX_VALUE / 2};
        long[] amounts = {1, 0, 1_000_000_000_000L, Long.MAX_VALUE};
        long[][] read = CounterSnapshots.decode(CounterSnapshots.encode(times, amounts));
        assertThat(read[0]).containsExactly(times);
        assertThat(read[1]).containsExactly(amounts);
        long[] many = new long[60_000];
        long[] ones = new long[60_000];
        for (int i = 0; i < many.length; i++) {
            many[i] = T0.toEpochMilli() + i;
            ones[i] = 1;
        }
        assertThat(CounterSnapshots.encode(many, ones).length).isLessThan(60_000 * 3);
    }
}
