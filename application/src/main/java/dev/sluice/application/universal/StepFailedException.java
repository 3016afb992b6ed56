package dev.sluice.application.universal;

/**
 * Every step failed without an answer to return, or a step failed in a way no fallback can mend (the
 * gateway refused the request itself): the failure of step {@code step}, the one the client is told of.
 */
public final class StepFailedException extends RuntimeException {

    private final int step;

    public StepFailedException(int step, Throwable cause) {
        super(cause.getMessage(), cause);
        this.step = step;
    }

    public int step() {
        return step;
    }
}
