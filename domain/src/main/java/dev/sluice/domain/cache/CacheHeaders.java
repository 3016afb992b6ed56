package dev.sluice.domain.cache;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.number.WholeNumbers;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the caching headers, each with its deprecated alias ({@code cf-cache-ttl}, {@code cf-skip-cache})
 * honoured when the current name is absent. A TTL between 1 and 59 seconds is raised to Cloudflare's
 * 60-second minimum and one above a month lowered to a month, rather than refused, because a client
 * asking for "a little" or "forever" means exactly that.
 */
public final class CacheHeaders {

    public static final String TTL = "cf-aig-cache-ttl";
    public static final String KEY = "cf-aig-cache-key";
    public static final String SKIP = "cf-aig-skip-cache";
    public static final String STATUS = "cf-aig-cache-status";
    static final String TTL_ALIAS = "cf-cache-ttl";
    static final String SKIP_ALIAS = "cf-skip-cache";
    public static final Duration MIN_TTL = Duration.ofSeconds(60);
    public static final Duration MAX_TTL = Duration.ofDays(30);
    static final int MAX_KEY_LENGTH = 1024;
    /** More digits than this are not read (the TTL is capped at 30 days anyway). */
    private static final int MAX_TTL_DIGITS = 64;

    private CacheHeaders() {
    }

    public static CacheDirectives parse(Headers headers) {
        Optional<Duration> ttl = either(headers, TTL, TTL_ALIAS).map(h -> ttl(h.name, h.value));
        Optional<String> key = headers.first(KEY).map(CacheHeaders::key);
        boolean skip = either(headers, SKIP, SKIP_ALIAS).map(h -> flag(h.name, h.value)).orElse(false);
        return new CacheDirectives(ttl, key, skip);
    }

    private record Named(String name, String value) {
    }

    private static Optional<Named> either(Headers headers, String name, String alias) {
        return headers.first(name).map(value -> new Named(name, value))
                .or(() -> headers.first(alias).map(value -> new Named(alias, value)));
    }

    private static Duration ttl(String header, String value) {
        String trimmed = value.trim();
        if (!WholeNumbers.isWritten(trimmed) || trimmed.length() - (trimmed.startsWith("-") ? 1 : 0) > MAX_TTL_DIGITS) {
            throw invalid(header, "must be a whole number of seconds, got '" + abbreviate(trimmed) + "'");
        }
        BigInteger seconds = new BigInteger(trimmed);
        if (seconds.signum() < 0) {
            throw invalid(header, "must not be negative, got " + abbreviate(trimmed));
        }
        if (seconds.signum() == 0) {
            return Duration.ZERO;
        }
        if (seconds.compareTo(BigInteger.valueOf(MAX_TTL.toSeconds())) > 0) {
            return MAX_TTL;
        }
        Duration asked = Duration.ofSeconds(seconds.longValueExact());
        return asked.compareTo(MIN_TTL) < 0 ? MIN_TTL : asked;
    }

    private static String key(String value) {
        if (value.isBlank()) {
            throw invalid(KEY, "must not be empty");
        }
        if (value.length() > MAX_KEY_LENGTH) {
            throw invalid(KEY, "must be at most " + MAX_KEY_LENGTH + " characters");
        }
        return value;
    }

    private static boolean flag(String header, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(header, "must be true or false, got '" + abbreviate(value.trim()) + "'");
        };
    }

    private static String abbreviate(String value) {
        return value.length() <= 32 ? value : value.substring(0, 32) + "…";
    }

    private static GatewayException invalid(String header, String problem) {
        return new GatewayException(ErrorCode.INVALID_HEADER, header + " " + problem);
    }
}
