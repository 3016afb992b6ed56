package dev.sluice.adapters.http.error;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.exchange.RequestIds;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.netty.handler.codec.compression.DecompressionException;
import jakarta.inject.Singleton;

/**
 * A request body that does not decode as its {@code Content-Encoding} says (a body marked gzip that is not) is the
 * client's mistake: 400 (2101), where it reached the server's catch-all as a 500. The server decodes bodies before any
 * route reads them, so this is the one place that sees it.
 */
@Produces
@Singleton
final class BodyDecodingExceptionHandler implements ExceptionHandler<DecompressionException, HttpResponse<?>> {

    private final RequestIds ids;

    BodyDecodingExceptionHandler(RequestIds ids) {
        this.ids = ids;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, DecompressionException exception) {
        String encoding = request.getHeaders().get(HttpHeaders.CONTENT_ENCODING);
        MutableHttpResponse<Object> response = ErrorResponses.of(request, ErrorCode.INVALID_BODY,
                "The request body is not valid " + (encoding == null ? "compressed data" : "'" + cut(encoding) + "'")
                        + " as its Content-Encoding says");
        if (request.getPath().startsWith("/v1/")) {
            String id = ids.next();
            ErrorResponses.withGatewayHeaders(response, id, id);
        }
        return response;
    }

    private static String cut(String text) {
        return text.length() <= 32 ? text : text.substring(0, 32) + "…";
    }
}
