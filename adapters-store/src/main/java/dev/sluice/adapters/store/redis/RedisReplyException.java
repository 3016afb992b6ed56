package dev.sluice.adapters.store.redis;

/** Redis answered a command with an error reply ({@code -ERR …}, {@code -NOSCRIPT …}). */
final class RedisReplyException extends RuntimeException {

    RedisReplyException(String message) {
        super(message);
    }

    /** Redis does not hold the script asked for by its SHA-1; send its text instead. */
    boolean noScript() {
        return getMessage().startsWith("NOSCRIPT");
    }
}
