package dev.sluice.domain.error;

/**
 * A failure the gateway answers itself, with one of its error codes. It never carries a stack trace
 * to the client and its message never contains a secret.
 */
public class GatewayException extends RuntimeException {

    private final ErrorCode code;

    public GatewayException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /**
     * With the failure that caused it, which the gateway logs and does not send: a store's address and its client's
     * words are the operator's to read, not the caller's.
     */
    public GatewayException(ErrorCode code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
    }

    public GatewayException(ErrorCode code) {
        this(code, code.defaultMessage());
    }

    public ErrorCode code() {
        return code;
    }
}
