package dev.sluice.domain.cost;

import dev.sluice.domain.usage.TokenUsage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * What one exchange cost in US dollars, never a floating-point number, and whether the caller set it
 * ({@code cf-aig-custom-cost}) rather than the price table. Amounts are kept to 1e-10 dollars, and one exchange
 * costs at most {@link #MAX_USD}: a caller's prices times a provider's token counts are held to it, so that the
 * stores' sums of many exchanges stay exact.
 */
public record Cost(BigDecimal usd, boolean custom) {

    public static final int SCALE = 10;
    /** The most one exchange can cost, in dollars. */
    public static final BigDecimal MAX_USD = BigDecimal.valueOf(1_000_000);
    public static final Cost ZERO = new Cost(BigDecimal.ZERO, false);

    public Cost {
        Objects.requireNonNull(usd, "usd");
        if (usd.signum() < 0) {
            throw new IllegalArgumentException("a cost cannot be negative");
        }
        usd = usd.min(MAX_USD).setScale(SCALE, RoundingMode.HALF_UP);
    }

    /**
     * Input not read from or written to the provider's cache is billed at the input rate. Priced per
     * million tokens and then moved six places: exact, and without a division per entry.
     */
    public static Cost of(TokenUsage usage, ModelPrice price) {
        BigDecimal input = price.inputPerMillion();
        BigDecimal cacheWrite = price.cacheWritePerMillion().orElse(input);
        return new Cost(perTokenCost(usage, input, price.outputPerMillion(),
                price.cacheReadPerMillion().orElse(input), cacheWrite,
                price.longCacheWritePerMillion().orElse(cacheWrite)).movePointLeft(6), false);
    }

    static BigDecimal perTokenCost(TokenUsage usage, BigDecimal in, BigDecimal out, BigDecimal cacheRead,
                                   BigDecimal cacheWrite, BigDecimal longCacheWrite) {
        long plainInput = Math.max(0, usage.input() - usage.cachedInput() - usage.cacheWrite());
        return in.multiply(BigDecimal.valueOf(plainInput))
                .add(cacheRead.multiply(BigDecimal.valueOf(usage.cachedInput())))
                .add(cacheWrite.multiply(BigDecimal.valueOf(usage.cacheWrite() - usage.longCacheWrite())))
                .add(longCacheWrite.multiply(BigDecimal.valueOf(usage.longCacheWrite())))
                .add(out.multiply(BigDecimal.valueOf(usage.output())));
    }
}
