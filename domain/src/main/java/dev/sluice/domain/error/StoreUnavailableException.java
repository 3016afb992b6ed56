package dev.sluice.domain.error;

/**
 * A database the gateway depends on could not be reached or could not answer. Not the caller's fault: it
 * is answered with a 503, never a 500, and the cause is logged. It lives in the domain so that the store
 * adapter can throw it and the HTTP adapter can answer it without either seeing the other.
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
