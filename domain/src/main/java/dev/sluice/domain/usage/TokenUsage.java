package dev.sluice.domain.usage;

/**
 * Tokens one exchange used, as its provider reported them or, when it reported none, as counted by a
 * tokenizer ({@code estimated}). {@code cachedInput} is the part of {@code input} the provider served
 * from its prompt cache, {@code cacheWrite} the part it wrote to it; both are billed at their own rates.
 * {@code longCacheWrite} is the part of {@code cacheWrite} the provider keeps longer at a higher write rate
 * (Anthropic's one-hour cache, billed at twice the input rate where the five-minute write is 1.25 times).
 */
public record TokenUsage(long input, long output, long cachedInput, long cacheWrite, long longCacheWrite,
                         boolean estimated) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0, false);

    /**
     * The most tokens one count may hold (2³², hundreds of times the largest context window): a provider that
     * reports more (a buggy self-hosted server) is taken at this, so that the analytics' 64-bit sums of billions
     * of exchanges cannot overflow, as unbounded costs once did.
     */
    public static final long MAX_COUNT = 1L << 32;

    public TokenUsage {
        if (input < 0 || output < 0 || cachedInput < 0 || cacheWrite < 0 || longCacheWrite < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
        input = Math.min(input, MAX_COUNT);
        output = Math.min(output, MAX_COUNT);
        cachedInput = Math.min(cachedInput, MAX_COUNT);
        cacheWrite = Math.min(cacheWrite, MAX_COUNT);
        longCacheWrite = Math.min(longCacheWrite, cacheWrite);
    }

    /** Usage whose cache writes, if any, are all at the provider's one write rate. */
    public TokenUsage(long input, long output, long cachedInput, long cacheWrite, boolean estimated) {
        this(input, output, cachedInput, cacheWrite, 0, estimated);
    }

    public static TokenUsage reported(long input, long output) {
        return new TokenUsage(input, output, 0, 0, false);
    }

    public long total() {
        return input + output;
    }

    /**
     * Combines two reports of the same exchange: streams report usage in pieces (Anthropic's input in
     * {@code message_start}, output in {@code message_delta}) or repeat running totals (Google), so each
     * count is the larger of the two.
     */
    public TokenUsage merge(TokenUsage other) {
        return new TokenUsage(Math.max(input, other.input), Math.max(output, other.output),
                Math.max(cachedInput, other.cachedInput), Math.max(cacheWrite, other.cacheWrite),
                Math.max(longCacheWrite, other.longCacheWrite), estimated && other.estimated);
    }
}
