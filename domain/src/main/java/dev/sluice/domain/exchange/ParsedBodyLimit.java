package dev.sluice.domain.exchange;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;

/**
 * The largest request body a surface reads as JSON rather than passing it on as bytes (the unified API, the universal
 * endpoint, the mock provider). Reading one costs several times its size in memory at once (the parser's buffers,
 * the tree, the rewritten body), so this is smaller than the largest body the server takes
 * ({@code micronaut.server.max-request-size}) and sized with the heap; the provider-native proxy takes up to that.
 */
public record ParsedBodyLimit(long maxBytes) {

    public ParsedBodyLimit {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("the parsed body limit must be positive");
        }
    }

    /** Refuses a body over the limit with 413 (2102), naming {@code surface} and the setting. */
    public void check(byte[] body, String surface) {
        if (body != null && body.length > maxBytes) {
            throw new GatewayException(ErrorCode.BODY_TOO_LARGE, surface + " reads request bodies of at most "
                    + maxBytes + " bytes (sluice.server.max-parsed-body-size); this one has " + body.length
                    + ". The provider's own endpoint, /v1/{account}/{gateway}/{provider}/…, passes larger ones on as they are.");
        }
    }
}
