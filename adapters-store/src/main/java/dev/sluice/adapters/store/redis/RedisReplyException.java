package dev.sluice.adapters.store.redis;

/** Redis answered a command with an error reply ({@code -ERR …}, {@code -NOSCRIPT …}). */
public final class RedisReplyException extends RuntimeException {

    public RedisReplyException(String message) {
        super(message);
    }

    /** Redis does not hold the script asked for by its SHA-1; send its text instead. */
    public boolean noScript() {
        return getMessage().startsWith("NOSCRIPT");
    }
}
