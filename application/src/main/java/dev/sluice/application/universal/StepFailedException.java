package dev.sluice.application.universal;

/**
 * Every step failed without an answer to return, or a step failed in a way no fallback can mend (the
 * gateway refused the request itself): the failure of step {@code step}, the one the client is told of, and the id
 * of that step's log entry (its call's), which the client's {@code cf-aig-log-id} names.
 */
public final class StepFailedException extends RuntimeException {

    private final int step;
    private final String logId;

    public StepFailedException(int step, String logId, Throwable cause) {
        super(cause.getMessage(), cause);
        this.step = step;
        this.logId = logId;
    }

    public int step() {
        return step;
    }

    public String logId() {
        return logId;
    }
}
