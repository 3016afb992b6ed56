package dev.sluice.application.pipeline;

/** The provider gave no answer: unreachable, connection lost, or too slow to send its first byte. */
public class ProviderUnavailableException extends RuntimeException {

    private final boolean timedOut;

    public ProviderUnavailableException(String message, boolean timedOut) {
        super(message, null, false, false);
        this.timedOut = timedOut;
    }

    public boolean timedOut() {
        return timedOut;
    }
}
