package dev.sluice.domain.analytics;

import dev.sluice.domain.analytics.Rollups.Granularity;
import dev.sluice.domain.analytics.Rollups.Segment;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RollupsTest {

    private static final long DAY = 1440;

    @Test
    void aRangeIsCoveredExactlyByTheWidestRowsThatFit() {
        long from = 10 * DAY + 90;             // day 10, 01:30
        long to = 13 * DAY + 130;              // day 13, 02:10 (inclusive)
        assertThat(Rollups.cover(from, to, Interval.DAY)).containsExactly(
                new Segment(Granularity.MINUTE, from, 10 * DAY + 119),
                new Segment(Granularity.HOUR, 10 * DAY + 120, 10 * DAY + 1380),
                new Segment(Granularity.DAY, 11 * DAY, 12 * DAY),
                new Segment(Granularity.HOUR, 13 * DAY, 13 * DAY + 60),
                new Segment(Granularity.MINUTE, 13 * DAY + 120, to));
        assertThat(Rollups.cover(from, to, Interval.MINUTE)).containsExactly(new Segment(Granularity.MINUTE, from, to));
        assertThat(Rollups.cover(0, 59, Interval.HOUR)).containsExactly(new Segment(Granularity.HOUR, 0, 0));
        assertThat(Rollups.cover(5, 50, Interval.DAY)).containsExactly(new Segment(Granularity.MINUTE, 5, 50));
    }

    @Test
    void everyMinuteOfARangeIsCoveredOnce() {
        for (long from = 0; from < 3 * DAY; from += 37) {
            for (long to = from; to < from + 3 * DAY; to += 211) {
                List<Segment> segments = Rollups.cover(from, to, Interval.DAY);
                long covered = segments.stream().mapToLong(s -> s.to() - s.from() + s.granularity().minutes()).sum();
                assertThat(covered).as(from + ".." + to).isEqualTo(to - from + 1);
                assertThat(segments.get(0).from()).isEqualTo(from);
            }
        }
    }
}
