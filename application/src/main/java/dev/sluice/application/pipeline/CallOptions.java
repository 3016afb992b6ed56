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
 */
public record CallOptions(Optional<String> gatewayToken, boolean skipCache, Optional<Duration> cacheTtl) {

    /** Everything as the headers say. */
    public static final CallOptions NONE = new CallOptions(Optional.empty(), false, Optional.empty());

    public CallOptions {
        Objects.requireNonNull(gatewayToken, "gatewayToken");
        Objects.requireNonNull(cacheTtl, "cacheTtl");
    }
}
