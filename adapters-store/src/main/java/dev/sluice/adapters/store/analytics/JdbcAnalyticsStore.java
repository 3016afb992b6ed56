package dev.sluice.adapters.store.analytics;

import dev.sluice.adapters.store.jdbc.SqlValues;
import dev.sluice.adapters.store.jdbc.Jdbc;
import dev.sluice.application.analytics.ReportAnalyticsPort;
import dev.sluice.domain.analytics.AnalyticsQuery;
import dev.sluice.domain.analytics.AnalyticsReport;
import dev.sluice.domain.analytics.GroupBy;
import dev.sluice.domain.analytics.LatencyHistogram;
import dev.sluice.domain.analytics.Rollups;
import dev.sluice.domain.analytics.Tally;
import dev.sluice.domain.cost.Cost;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Analytics from the per-minute rollup rows, summed by the database into the report's buckets (and
 * groups); percentiles come from the summed latency histograms.
 */
public final class JdbcAnalyticsStore implements ReportAnalyticsPort {

    private final Jdbc jdbc;

    public JdbcAnalyticsStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    private record Cell(long bucket, String group) {
    }

    @Override
    public AnalyticsReport report(AnalyticsQuery query) {
        Map<Cell, Tally> grouped = query.groupBy().dimension() == GroupBy.Dimension.NONE ? Map.of()
                : cells(query, query.groupBy());
        // Providers and models partition the requests, so their groups add up to the whole; metadata does not.
        Map<Cell, Tally> overall = switch (query.groupBy().dimension()) {
            case PROVIDER, MODEL -> ungrouped(grouped);
            case NONE, METADATA -> cells(query, GroupBy.NONE);
        };
        Tally total = new Tally();
        overall.values().forEach(total::add);
        List<AnalyticsReport.Point> series = series(overall);
        Map<String, Map<Cell, Tally>> byGroup = new HashMap<>();
        grouped.forEach((cell, tally) -> byGroup.computeIfAbsent(cell.group(), g -> new HashMap<>()).put(cell, tally));
        List<AnalyticsReport.Group> groups = new ArrayList<>();
        byGroup.forEach((group, cells) -> {
            Tally sum = new Tally();
            cells.values().forEach(sum::add);
            groups.add(new AnalyticsReport.Group(group, sum.totals(), series(cells)));
        });
        groups.sort(Comparator.comparingLong((AnalyticsReport.Group g) -> g.totals().requests()).reversed()
                .thenComparing(AnalyticsReport.Group::value));
        return new AnalyticsReport(query, total.totals(), series, groups);
    }

    private static Map<Cell, Tally> ungrouped(Map<Cell, Tally> grouped) {
        Map<Cell, Tally> cells = new HashMap<>();
        grouped.forEach((cell, tally) -> cells.computeIfAbsent(new Cell(cell.bucket(), ""), c -> new Tally()).add(tally));
        return cells;
    }

    private static List<AnalyticsReport.Point> series(Map<Cell, Tally> cells) {
        TreeMap<Long, Tally> byBucket = new TreeMap<>();
        cells.forEach((cell, tally) -> byBucket.computeIfAbsent(cell.bucket(), b -> new Tally()).add(tally));
        List<AnalyticsReport.Point> points = new ArrayList<>();
        byBucket.forEach((minute, tally) -> points.add(
                new AnalyticsReport.Point(Instant.ofEpochSecond(minute * 60), tally.totals())));
        return points;
    }

    /**
     * Sums per bucket (and group) over the fewest rollup rows that cover the range exactly (see
     * {@link Rollups#cover}): per stretch, one query for the counts and one for the latency histograms.
     */
    private Map<Cell, Tally> cells(AnalyticsQuery query, GroupBy groupBy) {
        Map<Cell, Tally> cells = new HashMap<>();
        for (Rollups.Segment segment : Rollups.cover(query.fromMinute(), query.toMinuteInclusive(), query.interval())) {
            addCells(cells, query, groupBy, segment);
        }
        return cells;
    }

    private void addCells(Map<Cell, Tally> cells, AnalyticsQuery query, GroupBy groupBy, Rollups.Segment segment) {
        long minutes = query.interval().seconds() / 60;
        String bucket = "(epoch_minute / " + minutes + ") * " + minutes;
        String group = switch (groupBy.dimension()) {
            case NONE -> "";
            case PROVIDER -> "dim1";
            case MODEL, METADATA -> "dim2";
        };
        boolean metadata = groupBy.dimension() == GroupBy.Dimension.METADATA;
        String where = "account_id = ? and kind = ? and epoch_minute >= ? and epoch_minute <= ?"
                + (query.gateway().isPresent() ? " and gateway_id = ?" : "") + (metadata ? " and dim1 = ?" : "");
        Jdbc.Binder binder = s -> {
            int i = 1;
            s.setString(i++, query.account().value());
            s.setString(i++, Rollups.code(metadata ? Rollups.Dimension.METADATA : Rollups.Dimension.MODEL,
                    segment.granularity()));
            s.setLong(i++, segment.from());
            s.setLong(i++, segment.to());
            if (query.gateway().isPresent()) {
                s.setString(i++, query.gateway().get().value());
            }
            if (metadata) {
                s.setString(i, SqlValues.cut(groupBy.metadataKey(), 256));
            }
        };
        String selected = bucket + ", " + (group.isEmpty() ? "''" : group);
        String grouping = bucket + (group.isEmpty() ? "" : ", " + group);
        // Histogram rows (dozens per rollup row) are summed here, not by a GROUP BY: sorting them for the
        // database's grouping cost more than reading them (7 days hourly per model reads 56,000).
        Map<Cell, LatencyHistogram> latency = new HashMap<>();
        jdbc.query("select epoch_minute, " + (group.isEmpty() ? "''" : group) + ", bucket, requests"
                + " from log_rollup_latency where " + where, binder, row -> {
                    latency.computeIfAbsent(new Cell(row.getLong(1) / minutes * minutes, row.getString(2)),
                            c -> new LatencyHistogram()).add(row.getInt(3), row.getLong(4));
                    return Boolean.TRUE;
                });
        // The cost is summed in two halves, its high and low 32 bits, each of which no number of rows can overflow, and
        // put together here: summed whole, rows holding large (custom) costs overflowed SQLite's sum into an error.
        jdbc.query("select " + selected + ", sum(requests), sum(errors), sum(cached), sum(tokens_in),"
                + " sum(tokens_out), sum(cost >> 32), sum(cost & 4294967295), sum(duration_sum), sum(rate_limited)"
                + " from log_rollups where " + where + " group by " + grouping, binder, row -> {
                    Cell cell = new Cell(row.getLong(1), row.getString(2));
                    BigDecimal cost = new BigDecimal(BigInteger.valueOf(row.getLong(8)).shiftLeft(32)
                            .add(BigInteger.valueOf(row.getLong(9))), Cost.SCALE);
                    Tally tally = new Tally(row.getLong(3), row.getLong(4), row.getLong(5), row.getLong(6),
                            row.getLong(7), cost, row.getLong(10), latency.getOrDefault(cell, new LatencyHistogram()),
                            row.getLong(11));
                    cells.computeIfAbsent(cell, c -> new Tally()).add(tally);
                    return Boolean.TRUE;
                });
    }
}
