package dev.sluice.adapters.http.logs;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.domain.analytics.AnalyticsReport;
import dev.sluice.domain.analytics.Totals;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.math.BigDecimal;
import java.util.List;

/** The analytics report's JSON (documented in the README). */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record AnalyticsView(@Nullable String gateway, String start, String end, String interval, @Nullable String group_by,
                     TotalsView totals, List<PointView> series, List<GroupView> groups) {

    @Serdeable
    record TotalsView(long requests, long errors, long cached_requests, long rate_limited_requests,
                      BigDecimal cache_hit_ratio, long tokens_in,
                      long tokens_out, BigDecimal cost, LatencyView latency_ms) {

        static TotalsView of(Totals t) {
            return new TotalsView(t.requests(), t.errors(), t.cachedRequests(), t.rateLimitedRequests(),
                    t.cacheHitRatio(), t.tokensIn(),
                    t.tokensOut(), t.cost(), new LatencyView(t.averageLatency(), t.p50Latency(), t.p95Latency(),
                    t.p99Latency()));
        }
    }

    @Serdeable
    record LatencyView(BigDecimal avg, BigDecimal p50, BigDecimal p95, BigDecimal p99) {
    }

    @Serdeable
    record PointView(String start, TotalsView totals) {
    }

    /** {@code value} is empty for the requests that had none (no model): still written, where it was left out. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record GroupView(String value, TotalsView totals, List<PointView> series) {
    }

    static AnalyticsView of(AnalyticsReport report) {
        var query = report.query();
        String groupBy = query.groupBy().wireName();
        return new AnalyticsView(query.gateway().map(Object::toString).orElse(null), query.from().toString(),
                query.to().toString(), query.interval().wireName(), groupBy.isEmpty() ? null : groupBy,
                TotalsView.of(report.totals()), points(report.series()),
                report.groups().stream().map(g -> new GroupView(g.value(), TotalsView.of(g.totals()),
                        points(g.series()))).toList());
    }

    private static List<PointView> points(List<AnalyticsReport.Point> series) {
        return series.stream().map(p -> new PointView(p.start().toString(), TotalsView.of(p.totals()))).toList();
    }
}
