package dev.sluice.application.pipeline;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a caller in the same process asks of the gateway in types rather than {@code cf-aig-*} headers.
 * Each option that is present wins over the header it stands for.
 *
 * @param gatewayToken the gateway token, for a gateway that requires authentication
 * @param skipCache    skip the cache lookup (the fresh answer is not stored either)
 * @param cacheTtl     keep the answer in the cache for this long
 * @param step         the call's step in a universal request (0 for any other call), for its log entries
 */
public record CallOptions(Optional<String> gatewayToken, boolean skipCache, Optional<Duration> cacheTtl, int step) {

    /** Everything as the headers say. */
    public static final CallOptions NONE = new CallOptions(Optional.empty(), false, Optional.empty());

    public CallOptions(Optional<String> gatewayToken, boolean skipCache, Optional<Duration> cacheTtl) {
        this(gatewayToken, skipCache, cacheTtl, 0);
    }

    /** Everything as the headers say, for step {@code step} of a universal request. */
    public static CallOptions step(int step) {
        return new CallOptions(Optional.empty(), false, Optional.empty(), step);
    }

    public CallOptions {
        Objects.requireNonNull(gatewayToken, "gatewayToken");
        Objects.requireNonNull(cacheTtl, "cacheTtl");
    }
}
