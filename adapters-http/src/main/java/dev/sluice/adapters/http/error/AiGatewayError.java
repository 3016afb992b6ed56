package dev.sluice.adapters.http.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * Cloudflare AI Gateway's error body for the data plane: the legacy {@code success/result/messages/error}
 * fields and the newer {@code name/httpCode/internalCode/message/description}, so clients of either
 * shape find what they look for.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record AiGatewayError(boolean success, List<Object> result, List<Object> messages, List<CodeMessage> error,
                      String name, int httpCode, int internalCode, String message, String description) {

    static AiGatewayError of(int httpStatus, int code, String message) {
        return new AiGatewayError(false, List.of(), List.of(), List.of(new CodeMessage(code, message)),
                "AiGatewayError", httpStatus, code, message, message);
    }
}
