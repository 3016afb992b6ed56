package dev.sluice.adapters.http.generate;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The dashboard API's error body: {@code {"error": {"code", "message"}}}, plus the upstream status of an AI_ERROR. */
@Serdeable
record GenerateError(Body error) {

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Body(String code, String message, @Nullable Integer status) {
    }

    static GenerateError of(String code, String message, @Nullable Integer status) {
        return new GenerateError(new Body(code, message, status));
    }
}
