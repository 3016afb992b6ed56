package dev.sluice.application.log;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntakeGateTest {

    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    private IntakeGate gate(int holdAbove, long holdAboveBytes, Duration maxHold) {
        return new IntakeGate(new IntakeGate.Settings(holdAbove, holdAboveBytes, maxHold), Duration.ofMillis(300),
                queued::get, bytes::get);
    }

    /** As the stage itself: AssertJ would turn a {@link CompletionStage} into a copy of it. */
    private static Object open(CompletionStage<Void> stage) {
        return stage;
    }

    private static boolean done(CompletionStage<Void> stage) {
        return stage.toCompletableFuture().isDone();
    }

    @Test
    void callsGoOnWhileTheQueueIsBelowItsMarks() {
        IntakeGate gate = gate(100, 1000, Duration.ofSeconds(2));
        queued.set(99);
        bytes.set(999);
        assertThat(open(gate.room())).isSameAs(IntakeGate.OPEN);
        assertThat(gate.heldCalls()).isZero();
    }

    @Test
    void pastEitherMarkCallsWaitUntilTheWriterTakesTheQueueBackBelowIt() {
        IntakeGate gate = gate(100, 1000, Duration.ofSeconds(2));
        queued.set(100);
        CompletionStage<Void> first = gate.room();
        CompletionStage<Void> second = gate.room();
        assertThat(done(first)).isFalse();
        assertThat(open(second)).as("held together").isSameAs(first);
        gate.taken();
        assertThat(done(first)).as("still at the mark").isFalse();
        queued.set(99);
        gate.taken();
        assertThat(done(first)).isTrue();
        assertThat(gate.heldCalls()).isEqualTo(2);

        bytes.set(1000);
        CompletionStage<Void> byBytes = gate.room();
        assertThat(done(byBytes)).isFalse();
        bytes.set(10);
        gate.written(10, 1_000_000);
        assertThat(done(byBytes)).isTrue();
    }

    /** The writer took the queue below the mark between the call's first look and its hold: it goes on, not held. */
    @Test
    void aCallWhoseHoldTheWriterOvertookGoesOnAtOnceAndIsNotCountedAsHeld() {
        java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
        IntakeGate gate = new IntakeGate(new IntakeGate.Settings(100, 0, Duration.ofSeconds(2)), Duration.ofMinutes(1),
                () -> looks.getAndIncrement() == 0 ? 500 : 0, bytes::get);
        assertThat(done(gate.room())).isTrue();
        assertThat(gate.heldCalls()).isZero();
    }

    @Test
    void aStoreThatFailsHoldsNoCallUntilItWritesAgain() {
        IntakeGate gate = gate(100, 0, Duration.ofSeconds(2));
        queued.set(500);
        CompletionStage<Void> held = gate.room();
        gate.failed();
        assertThat(done(held)).isTrue();
        assertThat(open(gate.room())).as("the queue's bound decides while the store is down").isSameAs(IntakeGate.OPEN);
        gate.written(10, 1_000_000);
        assertThat(done(gate.room())).as("writing again, it holds calls again").isFalse();
    }

    /** The gate under test calls a writer stuck after 300 ms without taking or writing a batch. */
    @Test
    void aWriterThatBeginsAndWritesNothingPastTheMarkIsStuckAndHoldsNoCallUntilItWritesAgain() throws Exception {
        IntakeGate gate = gate(100, 0, Duration.ofMillis(50));
        queued.set(500);
        gate.active();
        CompletableFuture<Void> held = gate.room().toCompletableFuture();
        Thread.sleep(100);
        assertThat(held.isDone()).as("the gate keeps no timer: a long write is not a stuck writer").isFalse();
        Thread.sleep(250);
        assertThat(open(gate.room())).as("350 ms without a batch: stuck").isSameAs(IntakeGate.OPEN);
        assertThat(held.isDone()).as("and what it held goes on").isTrue();
        gate.taken();
        assertThat(open(gate.room())).as("a batch taken is not yet one written").isSameAs(IntakeGate.OPEN);
        gate.written(1, 1_000);
        assertThat(done(gate.room())).as("writing again, it holds calls again").isFalse();
    }

    @Test
    void aHoldOnlyComesWithMarksAndTheWritersBatchesAreCutToAboutTwentyFiveMilliseconds() {
        IntakeGate never = new IntakeGate(IntakeGate.NEVER, queued::get, bytes::get);
        queued.set(Long.MAX_VALUE);
        assertThat(open(never.room())).isSameAs(IntakeGate.OPEN);
        never.written(100, 100_000_000);
        assertThat(never.batchSize(4000)).as("no gate, no cut").isEqualTo(4000);

        IntakeGate gate = gate(100, 0, Duration.ofSeconds(1));
        assertThat(gate.batchSize(4000)).as("no pace known yet").isEqualTo(4000);
        gate.written(100, TimeUnit.MICROSECONDS.toNanos(100) * 100);
        assertThat(gate.batchSize(4000)).isEqualTo(250);
        gate.written(100, TimeUnit.MILLISECONDS.toNanos(100) * 100);
        assertThat(gate.batchSize(4000)).as("never below the fewest").isEqualTo(IntakeGate.FEWEST_PER_BATCH);
        assertThat(gate.batchSize(10)).isEqualTo(10);
    }

    /** Calls that went on by their own timers leave nothing behind on a hold that lasts. */
    @Test
    void aHoldTakesNewCallsForTheLongestHoldAtMostThenItsCallsGoOnAndANewOneStarts() throws Exception {
        IntakeGate gate = new IntakeGate(new IntakeGate.Settings(100, 0, Duration.ofMillis(50)), Duration.ofMinutes(1),
                queued::get, bytes::get);
        queued.set(500);
        CompletableFuture<Void> first = gate.room().toCompletableFuture();
        assertThat(open(gate.room())).isSameAs(first);
        Thread.sleep(60);
        CompletableFuture<Void> second = gate.room().toCompletableFuture();
        assertThat(second).isNotSameAs(first).isNotDone();
        assertThat(first).isDone();
        gate.release();
        assertThat(second).isDone();
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new IntakeGate.Settings(10, 0, Duration.ofSeconds(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most PT2S");
        assertThatThrownBy(() -> new IntakeGate.Settings(-1, 0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IntakeGate.Settings(10, 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
