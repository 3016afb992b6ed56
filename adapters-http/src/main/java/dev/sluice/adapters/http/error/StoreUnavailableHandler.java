package dev.sluice.adapters.http.error;

import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.error.StoreUnavailableException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database that is down (the log store, the gateway store) is a 503 with code 2112 in the usual
 * envelope, not a 500; one that kept refusing a change for conflicting with concurrent ones, a 503 with
 * code 2117 and {@code Retry-After}. The cause is logged here and never sent.
 */
@Produces
@Singleton
final class StoreUnavailableHandler implements ExceptionHandler<StoreUnavailableException, HttpResponse<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(StoreUnavailableHandler.class);

    @Override
    public HttpResponse<?> handle(HttpRequest request, StoreUnavailableException exception) {
        LOG.warn("{} {}: {}", request.getMethod(), request.getPath(), exception.getMessage());
        return ErrorResponses.ofStore(request, exception);
    }
}
