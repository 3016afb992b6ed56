package dev.sluice.domain.generate;

/** The dashboard API's error codes ({@code {"error": {"code", "message"}}}), kept from the original dashboard. */
public enum GenerationError {
    INVALID_BODY(400),
    MISSING_PROMPT(400),
    AI_ERROR(502);

    private final int httpStatus;

    GenerationError(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
