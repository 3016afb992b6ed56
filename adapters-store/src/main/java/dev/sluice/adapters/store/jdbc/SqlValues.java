package dev.sluice.adapters.store.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/** Values as the stores keep them in columns both databases compare the same way. */
public final class SqlValues {

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private SqlValues() {
    }

    /**
     * An amount in whole units of 10^-scale, rounded half up (a filter's bound may be finer than that) and
     * held within what a column can store (a filter's bound may be larger than any amount).
     */
    public static long units(BigDecimal amount, int scale) {
        BigInteger units = amount.setScale(scale, RoundingMode.HALF_UP).unscaledValue();
        return units.max(LONG_MIN).min(LONG_MAX).longValueExact();
    }

    /** The text cut to what a {@code varchar(max)} column holds. */
    public static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
