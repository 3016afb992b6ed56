package dev.sluice.adapters.http.error;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.exchange.RequestIds;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.stream.Collectors;

/**
 * Gives the errors Micronaut itself raises (no route, wrong method, body too large, a body that does
 * not bind) the same envelope and codes as the gateway's own, whatever the client's Accept header.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
final class CloudflareErrorResponseProcessor implements ErrorResponseProcessor<Object> {

    private final RequestIds ids;

    CloudflareErrorResponseProcessor(RequestIds ids) {
        this.ids = ids;
    }

    @Override
    public MutableHttpResponse<Object> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        if (headersTooLarge(response, context)) {
            return envelope(context, response.status(431, "Request Header Fields Too Large"), 431,
                    ErrorCode.INVALID_HEADER.code(), "Request headers or URL are too large");
        }
        int status = response.code();
        ErrorCode code = switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.BODY_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 500 ? null : ErrorCode.INVALID_BODY;
        };
        String message = code == null ? "Internal gateway error" : message(context, code);
        return envelope(context, response, status, code == null ? 2000 : code.code(), message);
    }

    /** Data-plane errors carry the gateway's response headers too, as every data-plane response does. */
    private MutableHttpResponse<Object> envelope(ErrorContext context, MutableHttpResponse<?> response,
                                                 int status, int internalCode, String message) {
        ErrorResponses.withNewIdsOnDataPlane(context.getRequest(), response, ids);
        return response.contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(ErrorResponses.body(context.getRequest(), status, internalCode, message));
    }

    /**
     * Netty refuses a header block or request line over its limit before any route is chosen, and
     * Micronaut answers that with a bare 413; a body over the limit carries its own exception.
     */
    private static boolean headersTooLarge(MutableHttpResponse<?> response, ErrorContext context) {
        return response.code() == 413 && context.getRootCause().isEmpty();
    }

    private static String message(ErrorContext context, ErrorCode code) {
        if (code == ErrorCode.NOT_FOUND) {
            return "No route for " + context.getRequest().getMethodName() + " " + context.getRequest().getPath();
        }
        if (code == ErrorCode.BODY_TOO_LARGE || !context.hasErrors()) {
            return code.defaultMessage();
        }
        String prefix = code == ErrorCode.INVALID_BODY ? "Invalid request" : code.defaultMessage();
        return prefix + ": " + context.getErrors().stream()
                .map(Error::getMessage)
                .map(CloudflareErrorResponseProcessor::firstLine)
                .map(FrameworkMessages::plain)
                .collect(Collectors.joining("; "));
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        String line = end < 0 ? message : message.substring(0, end);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
