package dev.sluice.domain.exchange;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the surfaces that read a request body as JSON rather than pass it on as bytes (the unified API, the universal
 * endpoint, the mock provider) may take. Reading one costs several times its size in heap at once (the parser's
 * buffers, the tree, the rewritten body), so a body over {@code maxBytes} is refused with 413 (2102), and the large
 * bodies in flight together hold at most {@code budgetBytes}: one that would pass it is refused with 503 (2115) and
 * {@code Retry-After}, where several at once ran the heap out and went unanswered. A body under {@link #SMALL} is
 * never counted against the budget, so an ordinary request pays two comparisons. Both are sized with the heap; the
 * provider-native proxy passes bodies up to the server's limit on as bytes.
 */
public final class ParsedBodies {

    /** Bodies up to this size are not counted against the budget. */
    public static final int SMALL = 64 * 1024;
    /** The surfaces that read bodies as JSON, as their refusals name them. */
    public static final String UNIFIED_API = "The unified API";
    public static final String UNIVERSAL = "The universal endpoint";
    public static final String MOCK = "The mock provider";
    private static final Runnable NOTHING = () -> {
    };

    private final long maxBytes;
    private final long budgetBytes;
    private final ByteBudget inFlight;

    public ParsedBodies(long maxBytes, long budgetBytes) {
        if (maxBytes < 1 || budgetBytes < maxBytes) {
            throw new IllegalArgumentException("the parsed body limit must be positive and the budget at least as large");
        }
        this.maxBytes = maxBytes;
        this.budgetBytes = budgetBytes;
        this.inFlight = new ByteBudget(budgetBytes);
    }

    /**
     * Admits {@code body} for {@code surface} to read, or refuses it: 413 over the limit, 503 when the large bodies in
     * flight would pass the budget. Returns what gives its share of the budget back, to run once when it is done with.
     */
    public Runnable admit(byte[] body, String surface) {
        long size = body == null ? 0 : body.length;
        if (size <= SMALL && size <= maxBytes) {
            return NOTHING;
        }
        if (size > maxBytes) {
            throw tooLarge(surface, maxBytes, size);
        }
        if (!inFlight.take(size)) {
            throw new GatewayException(ErrorCode.BUSY, "Too many large request bodies are being read at once ("
                    + inFlight.held() + " of " + budgetBytes + " bytes, sluice.server.parsed-body-budget); retry shortly");
        }
        AtomicBoolean given = new AtomicBoolean();
        return () -> {
            if (given.compareAndSet(false, true)) {
                inFlight.give(size);
            }
        };
    }

    /**
     * The refusal (413, 2102) of a body of {@code size} bytes for {@code surface}, which reads at most {@code maxBytes}:
     * also given before such a body is read, from its declared length.
     */
    public static GatewayException tooLarge(String surface, long maxBytes, long size) {
        return new GatewayException(ErrorCode.BODY_TOO_LARGE, surface + " reads request bodies of at most "
                + maxBytes + " bytes (sluice.server.max-parsed-body-size); this one has " + size
                + ". The provider's own endpoint, /v1/{account}/{gateway}/{provider}/…, passes larger ones on as they are.");
    }

    /** The bytes of large bodies admitted and not yet given back. */
    public long inFlight() {
        return inFlight.held();
    }
}
