package dev.sluice.application.log;

/**
 * The store refuses a value in the entries it was given (a constraint, a value it cannot keep), as opposed to
 * failing because it is unavailable: entries it refuses will never be taken however often they are retried,
 * while the entries beside them would be. Thrown by {@link StoreLogsPort#storeLogs}.
 */
public class LogsRefusedException extends RuntimeException {

    public LogsRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
