package dev.sluice.domain.chat;

import java.util.Objects;
import java.util.Optional;

/** A provider's error answer, read from its own shape: its type, its message and its code where it has one. */
public record ProviderError(String type, String message, Optional<String> code) {

    public ProviderError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(code, "code");
    }

    /** The usual OpenAI type for a status, for providers whose errors have none. */
    public static String typeFor(int status) {
        if (status == 401 || status == 403) {
            return "authentication_error";
        }
        if (status == 404) {
            return "not_found_error";
        }
        if (status == 429) {
            return "rate_limit_error";
        }
        return status >= 500 ? "api_error" : "invalid_request_error";
    }
}
