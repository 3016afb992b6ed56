package dev.sluice.domain.number;

/**
 * How a whole number is written where a client writes one (a header, a query parameter): ASCII digits with an optional
 * leading minus, nothing else. Java's parsers take more (a {@code +} sign, any script's digits: {@code '١٠٠٠'} is
 * 1000), which no client means and no other gateway reads.
 */
public final class WholeNumbers {

    private WholeNumbers() {
    }

    /** Whether {@code text} is written as a whole number: {@code -?[0-9]+}. */
    public static boolean isWritten(String text) {
        int from = text.startsWith("-") ? 1 : 0;
        if (text.length() == from) {
            return false;
        }
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
