package dev.sluice.domain.generate;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A generation that could not be made: a bad request, or the gateway or provider failing, in which case
 * the status it answered with is kept so the caller can see it.
 */
public final class GenerationException extends RuntimeException {

    private final GenerationError error;
    private final OptionalInt upstreamStatus;

    public GenerationException(GenerationError error, String message) {
        this(error, message, OptionalInt.empty());
    }

    public GenerationException(GenerationError error, String message, OptionalInt upstreamStatus) {
        super(message);
        this.error = Objects.requireNonNull(error, "error");
        this.upstreamStatus = Objects.requireNonNull(upstreamStatus, "upstreamStatus");
    }

    public static GenerationException aiError(int status, String message) {
        return new GenerationException(GenerationError.AI_ERROR, message, OptionalInt.of(status));
    }

    public GenerationError error() {
        return error;
    }

    public OptionalInt upstreamStatus() {
        return upstreamStatus;
    }
}
