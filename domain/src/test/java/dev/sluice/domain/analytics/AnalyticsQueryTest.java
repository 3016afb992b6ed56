package dev.sluice.domain.analytics;

import dev.sluice.domain.gateway.AccountId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AnalyticsQueryTest {

    private static AnalyticsQuery range(String from, String to) {
        return new AnalyticsQuery(new AccountId("local"), Optional.empty(), Instant.parse(from), Instant.parse(to),
                Interval.MINUTE, GroupBy.NONE);
    }

    private static long minute(String at) {
        return Instant.parse(at).getEpochSecond() / 60;
    }

    /** A minute the range touches counts whole, at either end; its end itself is not in it. */
    @Test
    void theMinutesARangeTouchesAreCountedWholeAtEitherEnd() {
        AnalyticsQuery within = range("2026-12-07T14:37:30Z", "2026-12-07T14:37:31Z");
        assertThat(within.fromMinute()).isEqualTo(minute("2026-12-07T14:37:00Z"));
        assertThat(within.toMinuteInclusive()).isEqualTo(minute("2026-12-07T14:37:00Z"));
        // Found by a probe: the end's millisecond was dropped, so these counted nothing of the minute 14:37.
        assertThat(range("2026-12-07T14:36:00Z", "2026-12-07T14:37:00.001Z").toMinuteInclusive())
                .isEqualTo(minute("2026-12-07T14:37:00Z"));
        AnalyticsQuery aMillisecond = range("2026-12-07T14:37:00.001Z", "2026-12-07T14:37:00.002Z");
        assertThat(aMillisecond.toMinuteInclusive()).isEqualTo(aMillisecond.fromMinute());
        assertThat(range("2026-12-07T14:36:00Z", "2026-12-07T14:37:00Z").toMinuteInclusive())
                .as("an end on a minute's start leaves that minute out").isEqualTo(minute("2026-12-07T14:36:00Z"));
    }
}
