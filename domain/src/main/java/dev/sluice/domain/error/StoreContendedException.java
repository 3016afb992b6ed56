package dev.sluice.domain.error;

/**
 * The database was reached, but kept giving up a change for conflicting with concurrent ones (a deadlock or a
 * serialization failure, retried a few times first). Answered with its own 503, not the one of a database that
 * cannot be reached, so that an operator is not sent to look for an outage.
 */
public class StoreContendedException extends StoreUnavailableException {

    public StoreContendedException(String message, Throwable cause) {
        super(message, cause);
    }
}
