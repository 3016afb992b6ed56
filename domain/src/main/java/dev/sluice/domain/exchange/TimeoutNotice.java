package dev.sluice.domain.exchange;

/**
 * A response body that can be told, just before its reader cancels it, that the reader gave up waiting for it (a
 * timeout): its end is then the gateway's timeout, not its client leaving.
 */
public interface TimeoutNotice {

    void timedOut();
}
