package dev.sluice.application.cache;

/** The response cache's store could not be reached for an operation that must not silently do nothing. */
public final class CacheUnavailableException extends RuntimeException {

    public CacheUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
