package dev.sluice.domain.analytics;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Totals and a series for the whole query and, when it is grouped, for each group (largest first by
 * requests). Buckets without requests are left out of a series.
 */
public record AnalyticsReport(AnalyticsQuery query, Totals totals, List<Point> series, List<Group> groups) {

    public AnalyticsReport {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(totals, "totals");
        series = List.copyOf(series);
        groups = List.copyOf(groups);
    }

    public record Point(Instant start, Totals totals) {
    }

    public record Group(String value, Totals totals, List<Point> series) {

        public Group {
            series = List.copyOf(series);
        }
    }
}
