package dev.sluice.domain.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Durations counted in buckets that grow by 10% each (bucket 0 is up to 1 ms), so percentiles can be
 * summed over any set of minutes and read back to within about 5%: a percentile is reported as the
 * geometric middle of the bucket it falls in. Bucket 250 holds everything from about 7 hours up.
 * The stored form is {@code index:count} pairs joined by commas.
 */
public final class LatencyHistogram {

    public static final int LAST_BUCKET = 250;
    private static final double GROWTH = 1.1;
    private static final double LOG_GROWTH = Math.log(GROWTH);

    private final TreeMap<Integer, Long> counts = new TreeMap<>();

    public static int bucketOf(long millis) {
        if (millis <= 1) {
            return 0;
        }
        return (int) Math.min(LAST_BUCKET, Math.ceil(Math.log(millis) / LOG_GROWTH - 1e-9));
    }

    public void add(long millis) {
        counts.merge(bucketOf(millis), 1L, Long::sum);
    }

    public void add(LatencyHistogram other) {
        other.counts.forEach((bucket, count) -> counts.merge(bucket, count, Long::sum));
    }

    public void add(int bucket, long count) {
        if (bucket < 0 || bucket > LAST_BUCKET || count < 0) {
            throw new IllegalArgumentException("bad histogram bucket " + bucket + ":" + count);
        }
        counts.merge(bucket, count, Long::sum);
    }

    public long count() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<Integer, Long> counts() {
        return Map.copyOf(counts);
    }

    /** The duration below which {@code percent} of the counted ones fall, in ms; 0 when nothing was counted. */
    public BigDecimal percentile(double percent) {
        long total = count();
        if (total == 0) {
            return BigDecimal.ZERO;
        }
        long rank = (long) Math.ceil(percent / 100.0 * total);
        long seen = 0;
        for (Map.Entry<Integer, Long> bucket : counts.entrySet()) {
            seen += bucket.getValue();
            if (seen >= Math.max(1, rank)) {
                return middle(bucket.getKey());
            }
        }
        return middle(counts.lastKey());
    }

    private static BigDecimal middle(int bucket) {
        double millis = bucket == 0 ? 1.0 : Math.pow(GROWTH, bucket - 0.5);
        return BigDecimal.valueOf(millis).setScale(1, RoundingMode.HALF_UP);
    }

    public String encode() {
        StringBuilder text = new StringBuilder();
        counts.forEach((bucket, count) -> {
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(bucket).append(':').append(count);
        });
        return text.toString();
    }

    public static LatencyHistogram decode(String text) {
        LatencyHistogram histogram = new LatencyHistogram();
        if (text == null || text.isEmpty()) {
            return histogram;
        }
        for (String pair : text.split(",")) {
            int colon = pair.indexOf(':');
            histogram.add(Integer.parseInt(pair.substring(0, colon)), Long.parseLong(pair.substring(colon + 1)));
        }
        return histogram;
    }
}
