package dev.sluice.adapters.http.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The dashboard API's error body: {@code {"error": {"code", "message"}}}, plus the upstream status of an AI_ERROR.
 * Every error of {@code /generate} comes in it, the framework's and the connection's own (405, 408, 413, malformed
 * chunking) included, as the README promises.
 */
@Serdeable
public record GenerateError(Body error) {

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(String code, String message, @Nullable Integer status) {
    }

    public static GenerateError of(String code, String message, @Nullable Integer status) {
        return new GenerateError(new Body(code, message, status));
    }
}
