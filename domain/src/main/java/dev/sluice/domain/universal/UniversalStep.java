package dev.sluice.domain.universal;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.Backoff;
import dev.sluice.domain.header.Header;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a universal request: the provider (or {@code compat}) and the endpoint under it, the
 * step's own headers (they win over the request's), the provider-native body ({@code query}, as the
 * client wrote it) and the step's retry and timeout settings.
 */
public record UniversalStep(String provider, String endpoint, List<Header> headers, byte[] query, Config config) {

    /** The endpoint's path: what comes before its {@code ?}. */
    public String path() {
        int question = endpoint.indexOf('?');
        return question < 0 ? endpoint : endpoint.substring(0, question);
    }

    /** The endpoint's query, raw: what comes after its {@code ?}, or empty. */
    public String rawQuery() {
        int question = endpoint.indexOf('?');
        return question < 0 ? "" : endpoint.substring(question + 1);
    }

    /** At most this many steps in one request. */
    public static final int MAX_STEPS = 20;

    public UniversalStep {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(endpoint, "endpoint");
        headers = List.copyOf(headers);
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(config, "config");
    }

    /**
     * A step's {@code config}: Cloudflare's {@code requestTimeout} (ms), {@code maxAttempts} (1–5),
     * {@code retryDelay} (0–5000 ms) and {@code backoff}; each absent one is the request's or gateway's.
     */
    public record Config(Optional<Duration> requestTimeout, Optional<Integer> maxAttempts, Optional<Duration> retryDelay,
                         Optional<Backoff> backoff) {

        public static final Config NONE = new Config(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());

        public Config {
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            Objects.requireNonNull(maxAttempts, "maxAttempts");
            Objects.requireNonNull(retryDelay, "retryDelay");
            Objects.requireNonNull(backoff, "backoff");
        }
    }

    /** A 400 naming the step and the field that is wrong. */
    public static GatewayException invalid(int step, String field, String problem) {
        return new GatewayException(ErrorCode.INVALID_BODY, "steps[" + step + "]" + (field.isEmpty() ? "" : "." + field)
                + ": " + problem);
    }
}
