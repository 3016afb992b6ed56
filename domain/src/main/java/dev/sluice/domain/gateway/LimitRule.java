package dev.sluice.domain.gateway;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One limit of a gateway beyond Cloudflare's own: {@code limit} of what {@code measure} counts per
 * {@code windowSeconds} (a concurrency rule has no window), over fixed epoch-aligned windows or a sliding
 * one, counted for the requests its filters let through, with a counter for each value of its partitions.
 * A spend rule's limit is in US dollars; its counters hold nanodollars.
 *
 * @param onStoreFailureAllow what to do when the counters cannot be reached: let the request through
 *                            (true, the default) or refuse it
 */
public record LimitRule(String id, boolean enabled, LimitMeasure measure, BigDecimal limit, long windowSeconds,
                        RateLimitTechnique technique, List<LimitDimension> dimensions, boolean onStoreFailureAllow) {

    /** Nanodollars in a dollar: spend is counted in whole nanodollars. */
    public static final BigDecimal NANOS = BigDecimal.valueOf(1_000_000_000L);

    /** The id of the gateway's own Cloudflare rate limit, seen as a rule; no other rule may take it. */
    public static final String GATEWAY_RULE = "rate_limiting";

    public LimitRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(technique, "technique");
        dimensions = List.copyOf(dimensions);
    }

    public boolean spend() {
        return measure == LimitMeasure.COST;
    }

    /** The limit in the counters' units: requests, tokens, or nanodollars. */
    public long units() {
        return spend() ? nanodollars(limit) : limit.longValue();
    }

    /** Dollars in whole nanodollars, rounded up (a charge is never less than what was spent). */
    public static long nanodollars(BigDecimal dollars) {
        return dollars.multiply(NANOS).setScale(0, RoundingMode.CEILING).longValue();
    }

    /** Nanodollars as a plain dollar amount, {@code 0.0125}. */
    public static String dollars(long nanodollars) {
        return BigDecimal.valueOf(nanodollars, 9).stripTrailingZeros().toPlainString();
    }

    /**
     * The partition of this request's counter — {@code ""} when the rule has no partitions — or empty when
     * the rule does not apply to it: a filter does not match, or a value it is partitioned or filtered by
     * is missing from the request.
     */
    public Optional<String> partition(LimitDimension.Scope scope) {
        StringBuilder partition = new StringBuilder();
        for (LimitDimension dimension : dimensions) {
            Optional<String> value = scope.value(dimension.kind(), dimension.name());
            if (value.isEmpty()) {
                return Optional.empty();
            }
            if (dimension.mode() == LimitDimension.Mode.FILTER) {
                if (!dimension.values().contains(value.get()) && !providerQualified(dimension, value.get(), scope)) {
                    return Optional.empty();
                }
            } else {
                if (!partition.isEmpty()) {
                    partition.append('&');
                }
                partition.append(dimension.label()).append('=')
                        .append(URLEncoder.encode(value.get(), StandardCharsets.UTF_8));
            }
        }
        return Optional.of(partition.toString());
    }

    /** A model filter may name models as the unified API does, {@code provider/model}. */
    private static boolean providerQualified(LimitDimension dimension, String model, LimitDimension.Scope scope) {
        return dimension.kind() == LimitDimension.Kind.MODEL && scope.value(LimitDimension.Kind.PROVIDER, "")
                .map(provider -> dimension.values().contains(provider + "/" + model)).orElse(false);
    }

    /** The rule in words, for error messages: {@code rule 'per-user' (requests limit 20 per 60s, fixed)}. */
    public String describe() {
        if (id.equals(GATEWAY_RULE)) {
            return "the gateway allows " + limit + " requests per " + windowSeconds + " s (" + technique.wire()
                    + " window)";
        }
        String amount = spend() ? limit.stripTrailingZeros().toPlainString() : limit.toPlainString();
        if (measure == LimitMeasure.CONCURRENT) {
            return "rule '" + id + "' (concurrent limit " + amount + ")";
        }
        return "rule '" + id + "' (" + measure.wire() + " limit " + amount + " per " + windowSeconds + "s, "
                + technique.wire() + ")";
    }
}
