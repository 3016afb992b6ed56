package dev.sluice.application.service;

import java.util.concurrent.CompletionException;

/** Unwrapping and rethrowing failures that travel through {@code CompletionStage}s. */
final class Failures {

    private Failures() {
    }

    static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    static RuntimeException propagate(Throwable error) {
        Throwable cause = cause(error);
        return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
    }
}
