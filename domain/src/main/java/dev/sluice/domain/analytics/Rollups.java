package dev.sluice.domain.analytics;

import dev.sluice.domain.gateway.GatewayRef;
import dev.sluice.domain.log.LogEntry;
import dev.sluice.domain.usage.TokenUsage;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sums kept beside the logs per minute, per hour and per UTC day, so analytics read a few thousand rows
 * instead of every entry — a 30-day report reads 30 day rows per provider and model — and still count
 * requests whose logs were not kept ({@code collect_logs} off, a full log store) or were deleted later,
 * as Cloudflare's analytics do. Each entry adds to one row for its provider and model and to one row per
 * metadata entry (key and value), at each of the three granularities.
 */
public final class Rollups {

    /** What a row is summed by: the provider and model, or one metadata key and value. */
    public enum Dimension {
        MODEL('m'), METADATA('k');

        private final char code;

        Dimension(char code) {
            this.code = code;
        }
    }

    /** How long a row's span is; a row's minute is the first minute of its span. */
    public enum Granularity {
        MINUTE('m', 1), HOUR('h', 60), DAY('d', 1440);

        private final char code;
        private final long minutes;

        Granularity(char code, long minutes) {
            this.code = code;
            this.minutes = minutes;
        }

        public long minutes() {
            return minutes;
        }

        public long start(long minute) {
            return Math.floorDiv(minute, minutes) * minutes;
        }
    }

    /** The stored code of a row's kind: its dimension and its granularity. */
    public static String code(Dimension dimension, Granularity granularity) {
        return "" + dimension.code + granularity.code;
    }

    /**
     * @param minute the first minute (since 1970) of the row's span
     * @param first  the provider, or the metadata key
     * @param second the model, or the metadata value as text
     */
    public record Key(GatewayRef gateway, long minute, Dimension dimension, Granularity granularity, String first,
                      String second) {

        public Key {
            Objects.requireNonNull(gateway, "gateway");
            Objects.requireNonNull(dimension, "dimension");
            Objects.requireNonNull(granularity, "granularity");
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(second, "second");
        }

        public String code() {
            return Rollups.code(dimension, granularity);
        }
    }

    /** A stretch of minutes {@code [from, to]} read from rows of one granularity. */
    public record Segment(Granularity granularity, long from, long to) {
    }

    private Rollups() {
    }

    public static Map<Key, Tally> of(Collection<LogEntry> entries) {
        Map<Key, Tally> rollups = new HashMap<>();
        for (LogEntry entry : entries) {
            long minute = Math.floorDiv(entry.createdAt().getEpochSecond(), 60);
            TokenUsage usage = entry.usage().orElse(TokenUsage.NONE);
            BigDecimal cost = entry.cost().usd();
            // A limit's refusal: the gateway's 429 with nothing sent (a provider's own 429 is attempt 1 or later).
            boolean refused = entry.statusCode() == 429 && entry.attempt() == 0 && !entry.cached();
            for (Granularity granularity : Granularity.values()) {
                long start = granularity.start(minute);
                rollups.computeIfAbsent(new Key(entry.gateway(), start, Dimension.MODEL, granularity, entry.provider(),
                                entry.model()), k -> new Tally())
                        .count(entry.failed(), entry.cached(), refused, usage.input(), usage.output(), cost,
                                entry.durationMillis());
                entry.metadata().entries().forEach((key, value) -> rollups.computeIfAbsent(new Key(entry.gateway(),
                                start, Dimension.METADATA, granularity, key, text(value)), k -> new Tally())
                        .count(entry.failed(), entry.cached(), refused, usage.input(), usage.output(), cost,
                                entry.durationMillis()));
            }
        }
        return rollups;
    }

    /**
     * The fewest rows that cover {@code [from, to]} exactly, for buckets of {@code interval}: whole days
     * from day rows, the hours around them from hour rows, the minutes at the ends from minute rows.
     */
    public static List<Segment> cover(long from, long to, Interval interval) {
        List<Segment> segments = new ArrayList<>();
        Granularity widest = switch (interval) {
            case MINUTE -> Granularity.MINUTE;
            case HOUR -> Granularity.HOUR;
            case DAY -> Granularity.DAY;
        };
        cover(from, to, widest, segments);
        return segments;
    }

    private static void cover(long from, long to, Granularity granularity, List<Segment> segments) {
        if (from > to) {
            return;
        }
        if (granularity == Granularity.MINUTE) {
            segments.add(new Segment(Granularity.MINUTE, from, to));
            return;
        }
        long size = granularity.minutes();
        long firstWhole = Math.floorDiv(from + size - 1, size) * size;
        long endWhole = Math.floorDiv(to + 1, size) * size;
        Granularity finer = granularity == Granularity.DAY ? Granularity.HOUR : Granularity.MINUTE;
        if (firstWhole >= endWhole) {
            cover(from, to, finer, segments);
            return;
        }
        cover(from, firstWhole - 1, finer, segments);
        segments.add(new Segment(granularity, firstWhole, endWhole - size));
        cover(endWhole, to, finer, segments);
    }

    public static String text(Object metadataValue) {
        return metadataValue instanceof BigDecimal decimal ? decimal.toPlainString() : String.valueOf(metadataValue);
    }
}
