package dev.sluice.adapters.store.jdbc;

/**
 * A transaction's commit was sent, and then the connection failed before it said how it went (PostgreSQL's
 * reply lost with its connection, or the connection failing as it was handed back): the transaction may have
 * committed or not. A caller that retries its work must find out which before it writes the same rows again.
 */
public final class CommitUnconfirmedException extends StoreException {

    public CommitUnconfirmedException(String message, Throwable cause) {
        super(message, cause);
    }
}
