package dev.sluice.domain.exchange;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParsedBodiesTest {

    private final ParsedBodies bodies = new ParsedBodies(400_000, 1_000_000);

    @Test
    void smallBodiesAreNeverCounted() {
        for (int i = 0; i < 100; i++) {
            bodies.admit(new byte[ParsedBodies.SMALL], "here");
        }
        assertThat(bodies.inFlight()).isZero();
    }

    /** Found by a probe: a limit set under 64 KiB let every body up to 64 KiB through, though its 413 named it. */
    @Test
    void aLimitUnderTheSmallSizeHoldsForSmallBodies() {
        ParsedBodies strict = new ParsedBodies(5_000, 1_000_000);
        assertThat(strict.admit(new byte[5_000], "here")).isNotNull();
        assertThatThrownBy(() -> strict.admit(new byte[5_001], "The unified API"))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BODY_TOO_LARGE))
                .hasMessageContaining("at most 5000 bytes");
        assertThat(strict.inFlight()).isZero();
    }

    @Test
    void aBodyAtTheLimitIsCountedUntilItsShareIsGivenBack() {
        Runnable held = bodies.admit(new byte[400_000], "The universal endpoint");
        assertThat(bodies.inFlight()).isEqualTo(400_000);
        assertThatThrownBy(() -> bodies.admit(new byte[400_001], "The universal endpoint"))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BODY_TOO_LARGE));
        held.run();
        assertThat(bodies.admit(new byte[ParsedBodies.SMALL], "here")).isNotNull();
        assertThat(bodies.inFlight()).isZero();
    }

    @Test
    void aBodyOverTheLimitIs413NamingTheSetting() {
        assertThatThrownBy(() -> bodies.admit(new byte[400_001], "The unified API"))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BODY_TOO_LARGE))
                .hasMessageContaining("The unified API").hasMessageContaining("sluice.server.max-parsed-body-size");
        assertThat(bodies.inFlight()).isZero();
    }

    @Test
    void largeBodiesInFlightTogetherHoldAtMostTheBudgetAndGiveItBackOnce() {
        Runnable first = bodies.admit(new byte[400_000], "here");
        Runnable second = bodies.admit(new byte[400_000], "here");
        assertThatThrownBy(() -> bodies.admit(new byte[300_000], "here"))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BUSY));
        assertThat(bodies.inFlight()).as("a refused body holds nothing").isEqualTo(800_000);
        first.run();
        first.run();
        assertThat(bodies.inFlight()).as("given back once").isEqualTo(400_000);
        Runnable third = bodies.admit(new byte[300_000], "here");
        second.run();
        third.run();
        assertThat(bodies.inFlight()).isZero();
    }
}
