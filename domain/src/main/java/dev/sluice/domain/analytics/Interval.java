package dev.sluice.domain.analytics;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The width of one bucket of an analytics series. Buckets start on whole minutes, hours or UTC days. */
public enum Interval {
    MINUTE(60), HOUR(3_600), DAY(86_400);

    private final long seconds;

    Interval(long seconds) {
        this.seconds = seconds;
    }

    public long seconds() {
        return seconds;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The start of the bucket the instant falls in. */
    public Instant bucketOf(Instant instant) {
        return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), seconds) * seconds);
    }

    public static Optional<Interval> byWireName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(interval -> interval.wireName().equals(wanted)).findFirst();
    }
}
