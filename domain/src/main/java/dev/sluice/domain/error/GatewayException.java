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

    public GatewayException(ErrorCode code) {
        this(code, code.defaultMessage());
    }

    public ErrorCode code() {
        return code;
    }
}
