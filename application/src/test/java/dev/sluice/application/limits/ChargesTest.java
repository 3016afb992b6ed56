package dev.sluice.application.limits;

import dev.sluice.application.support.CountingLimitCounters;
import dev.sluice.domain.cost.Cost;
import dev.sluice.domain.gateway.LimitMeasure;
import dev.sluice.domain.limits.Admission;
import dev.sluice.domain.limits.CounterWindow;
import dev.sluice.domain.limits.LimitCounter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request's charges are settled once, whichever of the ways it ends comes first: the answer ending, the
 * log measuring it, or a cache hit giving everything back. A second settling would free another request's
 * slot or take back another request's count.
 */
class ChargesTest {

    private final CountingLimitCounters counters = new CountingLimitCounters();

    private Charges admitted(LimitMeasure measure, String key) {
        LimitCounter counter = new LimitCounter(key, 10,
                new CounterWindow(CounterWindow.Kind.CONCURRENT, Duration.ofMinutes(15)));
        Admission admission = counters.admit(counter, 1, Instant.EPOCH).toCompletableFuture().join();
        return new Charges(counters, List.of(new Charges.Held(measure, admission)), new Reservations());
    }

    @Test
    void aReleaseAfterTheAnswerEndedDoesNotFreeTheSlotAgain() {
        admitted(LimitMeasure.CONCURRENT, "slot");
        Charges second = admitted(LimitMeasure.CONCURRENT, "slot");
        assertThat(counters.counts).containsEntry("slot", 2L);

        second.ended();
        second.release();
        second.ended();
        assertThat(counters.counts).as("only the second request's slot is freed, once").containsEntry("slot", 1L);
    }

    @Test
    void aReleaseAfterTheLogSettledDoesNotTakeTheCountBackAgain() {
        admitted(LimitMeasure.REQUESTS, "requests");
        Charges second = admitted(LimitMeasure.REQUESTS, "requests");

        second.measured(Optional.empty(), Cost.ZERO);
        second.release();
        assertThat(counters.counts).as("a measured request stays counted").containsEntry("requests", 2L);
    }

    @Test
    void aReleaseFirstGivesEverythingBackAndTheLaterSettlingsDoNothing() {
        Charges charges = admitted(LimitMeasure.CONCURRENT, "hit");
        charges.release();
        charges.ended();
        charges.measured(Optional.empty(), Cost.ZERO);
        charges.release();
        assertThat(counters.counts).containsEntry("hit", 0L);
    }
}
