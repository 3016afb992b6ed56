package dev.sluice.adapters.store.cache;

/**
 * Redis refused the settings of the URL it was reached by (a wrong password or user, a database number it does not
 * have): not an outage to ride out but a URL for the operator to correct, so a start that meets it stops with this one
 * message.
 */
public final class RedisUrlRefusedException extends IllegalStateException {

    public RedisUrlRefusedException(String message) {
        super(message);
    }
}
