package dev.sluice.domain.analytics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyHistogramTest {

    @Test
    void percentilesAreWithinAboutFivePercent() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (long ms = 1; ms <= 1000; ms++) {
            histogram.add(ms);
        }
        assertThat(histogram.count()).isEqualTo(1000);
        assertThat(histogram.percentile(50).doubleValue()).isCloseTo(500, within(25.0));
        assertThat(histogram.percentile(95).doubleValue()).isCloseTo(950, within(48.0));
        assertThat(histogram.percentile(99).doubleValue()).isCloseTo(990, within(50.0));
        assertThat(new LatencyHistogram().percentile(50)).isZero();
    }

    @Test
    void histogramsSumAndSurviveTheirStoredForm() {
        LatencyHistogram a = new LatencyHistogram();
        a.add(0);
        a.add(120);
        LatencyHistogram b = LatencyHistogram.decode(a.encode());
        assertThat(b.counts()).isEqualTo(a.counts());
        b.add(a);
        assertThat(b.count()).isEqualTo(4);
        assertThat(LatencyHistogram.bucketOf(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.LAST_BUCKET);
        assertThat(LatencyHistogram.bucketOf(1)).isZero();
    }
}
