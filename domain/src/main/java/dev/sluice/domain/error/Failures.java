package dev.sluice.domain.error;

import java.util.concurrent.CompletionException;

/**
 * Unwrapping and rethrowing failures that travel through {@code CompletionStage}s, which wrap them in
 * {@link CompletionException} on the way. Every layer that handles an asynchronous failure needs it.
 */
public final class Failures {

    private Failures() {
    }

    public static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    public static RuntimeException propagate(Throwable error) {
        Throwable cause = cause(error);
        return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
    }
}
