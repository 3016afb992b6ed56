package dev.sluice.adapters.http.error;

import dev.sluice.domain.error.GatewayException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers a {@link GatewayException} thrown anywhere in a request with its code and status. */
@Produces
@Singleton
final class GatewayExceptionHandler implements ExceptionHandler<GatewayException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, GatewayException exception) {
        return ErrorResponses.of(request, exception);
    }
}
