package dev.sluice.domain.policy;

import dev.sluice.domain.cache.CacheHeaders;
import dev.sluice.domain.cost.CustomCost;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.Backoff;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.json.JsonObjectReader;
import dev.sluice.domain.number.WholeNumbers;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Parses the {@code cf-aig-*} request headers into a {@link RequestPolicy}. A malformed value is a 400
 * naming the header; a missing one leaves the gateway's setting in force.
 */
public final class GatewayHeaders {

    public static final String AUTHORIZATION = "cf-aig-authorization";
    public static final String METADATA = "cf-aig-metadata";
    public static final String EVENT_ID = "cf-aig-event-id";
    public static final String REQUEST_TIMEOUT = "cf-aig-request-timeout";
    public static final String MAX_ATTEMPTS = "cf-aig-max-attempts";
    public static final String RETRY_DELAY = "cf-aig-retry-delay";
    public static final String BACKOFF = "cf-aig-backoff";
    /** Response headers: the ids the gateway gives every request. */
    public static final String LOG_ID = "cf-aig-log-id";
    public static final String REQUEST_ID = "cf-aig-request-id";
    public static final int MAX_METADATA_LENGTH = 4096;
    public static final int MAX_EVENT_ID_LENGTH = 256;
    /** The longest {@code cf-aig-request-timeout}, and a universal step's {@code requestTimeout}, in milliseconds. */
    public static final long MAX_TIMEOUT_MS = 600_000;

    private GatewayHeaders() {
    }

    public static RequestPolicy parse(Headers headers, JsonObjectReader json) {
        return new RequestPolicy(
                headers.first(METADATA).map(value -> metadata(value, json)).orElse(Metadata.NONE),
                headers.first(EVENT_ID).map(GatewayHeaders::eventId),
                headers.first(REQUEST_TIMEOUT).map(v -> Duration.ofMillis(whole(REQUEST_TIMEOUT, v, 1, MAX_TIMEOUT_MS))),
                optionalInt(headers.first(MAX_ATTEMPTS).map(v -> (int) whole(MAX_ATTEMPTS, v, 1, 5))),
                headers.first(RETRY_DELAY).map(v -> Duration.ofMillis(whole(RETRY_DELAY, v, 0, 5000))),
                headers.first(BACKOFF).map(v -> backoff(v)),
                CacheHeaders.parse(headers),
                headers.first(CustomCost.HEADER).map(value -> CustomCost.parse(value, json)));
    }

    /** The token of a {@code Bearer} credential; any other shape yields a token that matches nothing. */
    public static String bearerToken(String value) {
        String trimmed = value.trim();
        return trimmed.regionMatches(true, 0, "Bearer ", 0, 7) ? trimmed.substring(7).trim() : "";
    }

    private static Metadata metadata(String value, JsonObjectReader json) {
        if (value.length() > MAX_METADATA_LENGTH) {
            throw invalid(METADATA, "is longer than " + MAX_METADATA_LENGTH + " characters");
        }
        Map<String, Object> entries;
        try {
            entries = json.readObject(value);
        } catch (IllegalArgumentException e) {
            throw invalid(METADATA, "must be a JSON object, e.g. {\"team\":\"AI\",\"user\":12345}");
        }
        return Metadata.fromClient(entries);
    }

    /** An event id is echoed in a response header, so it must be 1 to 256 visible ASCII characters. */
    public static boolean isValidEventId(String value) {
        return !value.isEmpty() && value.length() <= MAX_EVENT_ID_LENGTH
                && value.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private static String eventId(String value) {
        if (!isValidEventId(value)) {
            throw invalid(EVENT_ID, "must be 1 to " + MAX_EVENT_ID_LENGTH + " visible ASCII characters");
        }
        return value;
    }

    private static Backoff backoff(String value) {
        try {
            return Backoff.fromWire(value, BACKOFF);
        } catch (GatewayException e) {
            throw new GatewayException(ErrorCode.INVALID_HEADER, e.getMessage());
        }
    }

    static long whole(String header, String value, long min, long max) {
        String trimmed = value.trim();
        if (!WholeNumbers.isWritten(trimmed)) {
            // A '-' is read only to be refused as out of range.
            throw notWhole(header, trimmed);
        }
        long parsed;
        try {
            parsed = Long.parseLong(trimmed);
        } catch (NumberFormatException e) {
            if (trimmed.equals("-")) {
                throw notWhole(header, trimmed);
            }
            // Written as a whole number, but past a long: out of range, not "not a whole number".
            throw invalid(header, "must be between " + min + " and " + max + ", got " + abbreviate(trimmed));
        }
        if (parsed < min || parsed > max) {
            throw invalid(header, "must be between " + min + " and " + max + ", got " + parsed);
        }
        return parsed;
    }

    private static GatewayException notWhole(String header, String value) {
        return invalid(header, "must be a whole number, got '" + abbreviate(value) + "'");
    }

    private static OptionalInt optionalInt(Optional<Integer> value) {
        return value.map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    private static String abbreviate(String value) {
        return value.length() <= 32 ? value : value.substring(0, 32) + "…";
    }

    private static GatewayException invalid(String header, String problem) {
        return new GatewayException(ErrorCode.INVALID_HEADER, header + " " + problem);
    }
}
