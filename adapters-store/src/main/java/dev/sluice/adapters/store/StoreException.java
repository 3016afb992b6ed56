package dev.sluice.adapters.store;

/** A store could not do what was asked: the database is down, or refused the statement. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
