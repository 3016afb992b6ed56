package dev.sluice.adapters.store.jdbc;

import dev.sluice.domain.error.StoreUnavailableException;

/** A store could not do what was asked: the database is down, or refused the statement. */
public class StoreException extends StoreUnavailableException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
