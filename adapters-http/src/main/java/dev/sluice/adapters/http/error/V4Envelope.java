package dev.sluice.adapters.http.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** The Cloudflare v4 API envelope of the management API: {@code {success, result, errors, messages}}. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record V4Envelope<T>(boolean success, T result, List<CodeMessage> errors, List<Object> messages) {

    public static <T> V4Envelope<T> ok(T result) {
        return new V4Envelope<>(true, result, List.of(), List.of());
    }

    public static V4Envelope<Object> failure(int code, String message) {
        return new V4Envelope<>(false, null, List.of(new CodeMessage(code, message)), List.of());
    }
}
