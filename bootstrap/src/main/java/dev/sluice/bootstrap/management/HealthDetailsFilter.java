package dev.sluice.bootstrap.management;

import dev.sluice.application.token.AuthenticateAdminUseCase;
import dev.sluice.domain.policy.GatewayHeaders;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpAttributes;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.management.endpoint.health.HealthEndpoint;

import java.security.Principal;

/**
 * Shows {@code /health}'s details (each component, disk space, what failed) to the admin token's bearer only: with
 * {@code endpoints.health.details-visible: AUTHENTICATED}, Micronaut's health endpoint shows them to a request that has
 * a principal, and this filter gives one to a health request bearing the admin token (the management API's, checked
 * the same way). Anyone else, load balancers included, gets the status alone, with the same HTTP status code: a wrong
 * or missing token is not refused. The details had been shown to anyone (found by the security probe).
 *
 * <p>Declared on every path, as every server filter here is, so that Micronaut finds its filters without work per
 * request (docs/PERFORMANCE.md); it picks the health paths itself, and hashes a token only on those.
 */
@Requires(beans = HealthEndpoint.class)
@ServerFilter(Filter.MATCH_ALL_PATTERN)
final class HealthDetailsFilter {

    /** The principal of a request that showed the admin token: only its presence is read. */
    static final Principal ADMIN = () -> "admin";

    private final AuthenticateAdminUseCase admin;
    private final String health;

    HealthDetailsFilter(AuthenticateAdminUseCase admin, @Value("${endpoints.all.path:/}") String base,
                        @Value("${endpoints.health.id:health}") String id) {
        this.admin = admin;
        this.health = (base.endsWith("/") ? base : base + "/") + id;
    }

    @RequestFilter
    void authenticate(HttpRequest<?> request) {
        if (isHealthPath(request.getPath())) {
            String token = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION)
                    .map(GatewayHeaders::bearerToken).orElse("");
            if (admin.isAdmin(token)) {
                request.setAttribute(HttpAttributes.PRINCIPAL, ADMIN);
            }
        }
    }

    /** The health endpoint's path, or one of its two probes' ({@code /liveness}, {@code /readiness}). */
    boolean isHealthPath(String path) {
        if (!path.startsWith(health)) {
            return false;
        }
        int end = health.length();
        return path.length() == end || path.startsWith("/liveness", end) && path.length() == end + 9
                || path.startsWith("/readiness", end) && path.length() == end + 10;
    }
}
