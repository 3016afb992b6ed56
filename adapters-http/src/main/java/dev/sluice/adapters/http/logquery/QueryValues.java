package dev.sluice.adapters.http.logquery;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.log.LogField;
import dev.sluice.domain.log.LogFilter;
import dev.sluice.domain.number.WholeNumbers;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * A query parameter's value read as what it stands for: a number, a time, a flag, a page, a search. Anything
 * malformed is a 400 ({@link ErrorCode#INVALID_PARAMETER}) that names the parameter and says what was expected.
 */
public final class QueryValues {

    private static final int MAX_SEARCH_LENGTH = 256;
    private static final int MAX_TEXT_LENGTH = 1024;
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private QueryValues() {
    }

    /** A value as its field's kind; the literal {@code null} stands for a missing value. */
    static Object typed(LogField field, String param, String value) {
        String trimmed = value.trim();
        if (trimmed.equals("null")) {
            return LogFilter.NULL;
        }
        return switch (field.kind()) {
            case TEXT -> {
                if (value.length() > MAX_TEXT_LENGTH) {
                    throw new GatewayException(ErrorCode.INVALID_PARAMETER,
                            param + ": a value is at most " + MAX_TEXT_LENGTH + " characters");
                }
                yield withoutNul(param, value);
            }
            case BOOLEAN -> bool(param, trimmed);
            case NUMBER -> number(param, trimmed);
            case TIME -> instant(param, trimmed);
        };
    }

    private static BigDecimal number(String param, String value) {
        try {
            if (value.length() > 40) {
                throw new NumberFormatException();
            }
            BigDecimal number = new BigDecimal(value);
            if (number.scale() > 12 || number.precision() - number.scale() > 24) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw invalid(param, value, "a number (at most 24 digits before the point and 12 after)");
        }
    }

    /**
     * A time as the logs and analytics APIs take it: an ISO-8601 time with an offset, a date (its start,
     * UTC) or milliseconds since 1970. Anything else is a 400 naming the parameter.
     */
    public static Instant instant(String param, String value) {
        Instant instant;
        try {
            instant = parsedInstant(value);
        } catch (DateTimeParseException | NumberFormatException | StringIndexOutOfBoundsException e) {
            throw invalid(param, value, "a time such as 2026-11-01T12:00:00Z, a date such as 2026-11-01,"
                    + " or milliseconds since 1970");
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            // The stores keep times as microseconds since 1970; far beyond these years that overflowed into a 500.
            throw invalid(param, value, "a time from year 0 to year 9999");
        }
        return instant;
    }

    private static Instant parsedInstant(String value) {
        if (value.length() <= 10 && value.length() >= 8 && value.charAt(4) == '-') {
            return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (!value.isEmpty() && value.length() <= 15 && value.chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochMilli(Long.parseLong(value));
        }
        return OffsetDateTime.parse(value).toInstant();
    }

    static boolean bool(String param, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw invalid(param, value, "true or false");
        };
    }

    /** The deprecated {@code feedback} parameter: 1 is positive, 0 (or -1) negative. */
    static BigDecimal legacyFeedback(String param, String value) {
        return switch (value.trim()) {
            case "1" -> BigDecimal.ONE;
            case "0", "-1" -> BigDecimal.ONE.negate();
            default -> throw invalid(param, value, "1 (positive) or 0 (negative)");
        };
    }

    /** True for {@code desc}. */
    static boolean descending(String param, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "desc" -> true;
            case "asc" -> false;
            default -> throw invalid(param, value, "asc or desc");
        };
    }

    static Optional<String> search(String param, String value) {
        // Checked before trimming, which takes a NUL for blank: a search of one NUL then matched (and deleted) all.
        String trimmed = withoutNul(param, value).trim();
        if (trimmed.length() > MAX_SEARCH_LENGTH) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER,
                    param + ": at most " + MAX_SEARCH_LENGTH + " characters");
        }
        return trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed);
    }

    /** No stored text holds a NUL (PostgreSQL cannot store one), so a value with one is a mistake, not a miss. */
    static String withoutNul(String param, String value) {
        if (value.indexOf('\0') >= 0) {
            throw new GatewayException(ErrorCode.INVALID_PARAMETER, param + ": a NUL character is not allowed");
        }
        return value;
    }

    /** A whole number from 1 to {@code max}, in ASCII digits; anything else is a 400 (2111) naming the parameter. */
    public static int positive(String param, String value, int max) {
        try {
            String trimmed = value.trim();
            if (trimmed.length() > 10 || !WholeNumbers.isWritten(trimmed)) {
                throw new NumberFormatException();
            }
            long number = Long.parseLong(trimmed);
            if (number < 1 || number > max) {
                throw new NumberFormatException();
            }
            return (int) number;
        } catch (NumberFormatException e) {
            throw invalid(param, value, "a whole number from 1 to " + max);
        }
    }

    static GatewayException invalid(String param, String value, String expected) {
        return new GatewayException(ErrorCode.INVALID_PARAMETER,
                param + ": '" + abbreviate(value) + "' is not valid; expected " + expected);
    }

    static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
