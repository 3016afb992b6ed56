package dev.sluice.bootstrap.management;

import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;

import java.security.Principal;
import java.util.Optional;

/**
 * Binds a route's {@link Principal} argument to the request's principal ({@link HttpRequest#getUserPrincipal()}), as
 * Micronaut Security would: without it, Micronaut binds none, and the health endpoint's (which decides whether to show
 * details) was always absent. Only {@link HealthDetailsFilter} gives a request a principal.
 */
@Singleton
final class PrincipalBinder implements TypedRequestArgumentBinder<Principal> {

    private static final Argument<Principal> PRINCIPAL = Argument.of(Principal.class);

    @Override
    public Argument<Principal> argumentType() {
        return PRINCIPAL;
    }

    @Override
    public BindingResult<Principal> bind(ArgumentConversionContext<Principal> context, HttpRequest<?> source) {
        Optional<Principal> principal = source.getUserPrincipal();
        return principal.isPresent() ? () -> principal : BindingResult.empty();
    }
}
