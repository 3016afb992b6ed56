package dev.sluice.adapters.http.error;

import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.exchange.RequestIds;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * Answers a {@link GatewayException} thrown anywhere in a request with its code and status. A data-plane
 * request refused before the pipeline gave it an id (a header that is not UTF-8) still gets the
 * gateway's response headers, as every data-plane response does.
 */
@Produces
@Singleton
final class GatewayExceptionHandler implements ExceptionHandler<GatewayException, HttpResponse<?>> {

    private final RequestIds ids;

    GatewayExceptionHandler(RequestIds ids) {
        this.ids = ids;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, GatewayException exception) {
        return ErrorResponses.withNewIdsOnDataPlane(request, ErrorResponses.of(request, exception), ids);
    }
}
