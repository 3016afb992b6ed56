package dev.sluice.domain.number;

import java.math.BigDecimal;

/** Decimal amounts as the APIs write them. */
public final class Decimals {

    private Decimals() {
    }

    /**
     * {@code amount} without trailing zeros and never with a negative scale, so that it is written plainly: 90, not
     * {@code 9E+1} ({@link BigDecimal#stripTrailingZeros()} alone turns 90 into 9 × 10¹).
     */
    public static BigDecimal trimmed(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
