package dev.sluice.adapters.http.management;

import dev.sluice.adapters.http.error.V4Envelope;
import dev.sluice.application.token.AuthenticateAdminUseCase;
import dev.sluice.domain.policy.GatewayHeaders;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * The management API answers only requests bearing the admin token, as Cloudflare's answers only
 * requests bearing an API token; anything else gets Cloudflare's "Authentication error".
 *
 * <p>The filter is declared on every path ({@code /**}) and picks the management paths itself
 * ({@link #isManagementPath}): Micronaut looks up a filter with any other pattern for every request,
 * allocating a list, a matcher and a sort each time, whereas filters that all match every path cost it
 * nothing to find (docs/PERFORMANCE.md).
 */
@ServerFilter(Filter.MATCH_ALL_PATTERN)
final class AdminAuthenticationFilter {

    private static final String CLIENT = "client";
    private static final String V4 = "v4";

    private final AuthenticateAdminUseCase admin;

    AdminAuthenticationFilter(AuthenticateAdminUseCase admin) {
        this.admin = admin;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> authenticate(HttpRequest<?> request) {
        if (!isManagementPath(request.getPath())) {
            return null;
        }
        String token = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION)
                .map(GatewayHeaders::bearerToken).orElse("");
        if (admin.isAdmin(token)) {
            return null;
        }
        return HttpResponse.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .body(V4Envelope.failure(10000, "Authentication error"));
    }

    /**
     * Whether a path is the management API's: {@code /client/v4} alone or followed by {@code /} and anything,
     * with any run of slashes where one is written (the regular expression {@code /+client/+v4(/.*)?}, except that
     * anything at all may follow the slash, line breaks included).
     */
    static boolean isManagementPath(String path) {
        int at = afterSlashes(path, 0);
        if (at == 0 || !path.startsWith(CLIENT, at)) {
            return false;
        }
        int version = afterSlashes(path, at + CLIENT.length());
        if (version == at + CLIENT.length() || !path.startsWith(V4, version)) {
            return false;
        }
        int end = version + V4.length();
        return end == path.length() || path.charAt(end) == '/';
    }

    private static int afterSlashes(String path, int from) {
        int at = from;
        while (at < path.length() && path.charAt(at) == '/') {
            at++;
        }
        return at;
    }
}
