package dev.sluice.domain.cost;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * A model's list price in US dollars per million tokens: input, output, and where the provider has
 * them, cached-input reads and cache writes (absent: billed as input).
 */
public record ModelPrice(BigDecimal inputPerMillion, BigDecimal outputPerMillion,
                         Optional<BigDecimal> cacheReadPerMillion, Optional<BigDecimal> cacheWritePerMillion) {

    public ModelPrice {
        Objects.requireNonNull(cacheReadPerMillion, "cacheReadPerMillion");
        Objects.requireNonNull(cacheWritePerMillion, "cacheWritePerMillion");
        nonNegative(inputPerMillion, "input price");
        nonNegative(outputPerMillion, "output price");
        cacheReadPerMillion.ifPresent(price -> nonNegative(price, "cache read price"));
        cacheWritePerMillion.ifPresent(price -> nonNegative(price, "cache write price"));
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
