package dev.sluice.application.limits;

import dev.sluice.domain.limits.CounterWindow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by a probe: a fixed daily rule with nothing counted showed its reset as now plus a day, to the nanosecond
 * ({@code 2026-12-08T17:29:31.092445170Z}), and after one request the window's real end ({@code 2026-12-08T00:00:00Z}).
 */
class LimitUsageServiceTest {

    private static final Instant NOW = Instant.parse("2026-12-07T17:29:31.092445170Z");

    @Test
    void aCounterHoldingNothingResetsWhereAnAdmittedOneWould() {
        assertThat(LimitUsageService.emptyReset(new CounterWindow(CounterWindow.Kind.FIXED, Duration.ofDays(1)), NOW))
                .isEqualTo(Instant.parse("2026-12-08T00:00:00Z"));
        assertThat(LimitUsageService.emptyReset(new CounterWindow(CounterWindow.Kind.SLIDING, Duration.ofMinutes(1)), NOW))
                .isEqualTo(Instant.parse("2026-12-07T17:30:31.092Z"));
        assertThat(LimitUsageService.emptyReset(new CounterWindow(CounterWindow.Kind.CONCURRENT, Duration.ofMinutes(1)),
                NOW)).isEqualTo(Instant.parse("2026-12-07T17:29:31.092Z"));
    }
}
