package dev.sluice.domain.cost;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * A model's list price in US dollars per million tokens: input, output, and where the provider has
 * them, cached-input reads and cache writes (absent: billed as input), and writes to a cache kept longer
 * (Anthropic's one-hour cache; absent: billed as other cache writes).
 */
public record ModelPrice(BigDecimal inputPerMillion, BigDecimal outputPerMillion,
                         Optional<BigDecimal> cacheReadPerMillion, Optional<BigDecimal> cacheWritePerMillion,
                         Optional<BigDecimal> longCacheWritePerMillion) {

    public ModelPrice {
        Objects.requireNonNull(cacheReadPerMillion, "cacheReadPerMillion");
        Objects.requireNonNull(cacheWritePerMillion, "cacheWritePerMillion");
        Objects.requireNonNull(longCacheWritePerMillion, "longCacheWritePerMillion");
        nonNegative(inputPerMillion, "input price");
        nonNegative(outputPerMillion, "output price");
        cacheReadPerMillion.ifPresent(price -> nonNegative(price, "cache read price"));
        cacheWritePerMillion.ifPresent(price -> nonNegative(price, "cache write price"));
        longCacheWritePerMillion.ifPresent(price -> nonNegative(price, "one-hour cache write price"));
    }

    /** A price with no rate of its own for a longer-kept cache's writes. */
    public ModelPrice(BigDecimal inputPerMillion, BigDecimal outputPerMillion,
                      Optional<BigDecimal> cacheReadPerMillion, Optional<BigDecimal> cacheWritePerMillion) {
        this(inputPerMillion, outputPerMillion, cacheReadPerMillion, cacheWritePerMillion, Optional.empty());
    }

    public static ModelPrice of(String inputPerMillion, String outputPerMillion) {
        return new ModelPrice(new BigDecimal(inputPerMillion), new BigDecimal(outputPerMillion), Optional.empty(),
                Optional.empty());
    }

    static void nonNegative(BigDecimal value, String what) {
        if (value == null || value.signum() < 0) {
            throw new IllegalArgumentException(what + " must be zero or more");
        }
    }
}
