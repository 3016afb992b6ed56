package dev.sluice.adapters.http.management;

import dev.sluice.adapters.http.error.V4Envelope;
import dev.sluice.application.token.AuthenticateAdminUseCase;
import dev.sluice.domain.policy.GatewayHeaders;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;

/**
 * The management API answers only requests bearing the admin token, as Cloudflare's answers only
 * requests bearing an API token; anything else gets Cloudflare's "Authentication error". The path is
 * matched as a regular expression (compiled once, matched without allocating a token list), not an Ant
 * pattern, which Micronaut splits into tokens for every request on every path.
 */
@ServerFilter(value = "/+client/+v4(/.*)?", patternStyle = FilterPatternStyle.REGEX)
final class AdminAuthenticationFilter {

    private final AuthenticateAdminUseCase admin;

    AdminAuthenticationFilter(AuthenticateAdminUseCase admin) {
        this.admin = admin;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> authenticate(HttpRequest<?> request) {
        String token = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION)
                .map(GatewayHeaders::bearerToken).orElse("");
        if (admin.isAdmin(token)) {
            return null;
        }
        return HttpResponse.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .body(V4Envelope.failure(10000, "Authentication error"));
    }
}
