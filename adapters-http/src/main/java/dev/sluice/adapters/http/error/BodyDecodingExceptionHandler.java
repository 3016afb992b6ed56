package dev.sluice.adapters.http.error;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.netty.handler.codec.compression.DecompressionException;
import jakarta.inject.Singleton;

/**
 * A request body that does not decode as its {@code Content-Encoding} says (a body marked gzip that is not) is the
 * client's mistake: answered as the {@link GatewayException} 400 (2101) it is, where it reached the server's
 * catch-all as a 500. The server decodes bodies before any route reads them, so this is the one place that sees it.
 */
@Produces
@Singleton
final class BodyDecodingExceptionHandler implements ExceptionHandler<DecompressionException, HttpResponse<?>> {

    private final GatewayExceptionHandler gatewayErrors;

    BodyDecodingExceptionHandler(GatewayExceptionHandler gatewayErrors) {
        this.gatewayErrors = gatewayErrors;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, DecompressionException exception) {
        String encoding = request.getHeaders().get(HttpHeaders.CONTENT_ENCODING);
        return gatewayErrors.handle(request, new GatewayException(ErrorCode.INVALID_BODY, "The request body is not valid "
                + (encoding == null ? "compressed data" : "'" + cut(encoding) + "'") + " as its Content-Encoding says"));
    }

    private static String cut(String text) {
        return text.length() <= 32 ? text : text.substring(0, 32) + "…";
    }
}
