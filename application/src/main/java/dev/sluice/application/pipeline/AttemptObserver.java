package dev.sluice.application.pipeline;

/**
 * Told of each upstream attempt as it ends. {@code upstreamNanos} runs from the end of the previous
 * attempt (so it includes the pause before a retry) to this attempt's answer, or to its failure.
 */
public interface AttemptObserver {

    AttemptObserver NONE = new AttemptObserver() {
        @Override
        public void answered(int attempt, int status, long upstreamNanos, boolean retrying) {
        }

        @Override
        public void unanswered(int attempt, Throwable cause, long upstreamNanos, boolean retrying) {
        }
    };

    /** An attempt after the first is about to be sent, its pause over (one refused before it is sent is not). */
    default void started(int attempt) {
    }

    void answered(int attempt, int status, long upstreamNanos, boolean retrying);

    void unanswered(int attempt, Throwable cause, long upstreamNanos, boolean retrying);
}
