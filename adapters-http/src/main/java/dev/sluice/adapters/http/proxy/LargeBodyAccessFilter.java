package dev.sluice.adapters.http.proxy;

import dev.sluice.adapters.http.error.ErrorResponses;
import dev.sluice.application.access.CheckGatewayAccessUseCase;
import dev.sluice.domain.policy.GatewayHeaders;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A data-plane request with a large body ({@code /v1/{account}/{gateway}/…} over 64 KiB, or chunked) is checked
 * against its gateway before its body is waited for: an unknown account or gateway, or a gateway token missing or
 * wrong, is answered at once, and the share of the request-body budget its body took at the edge goes back with the
 * answer. Found by a probe: two such requests, their bodies sent a byte every few seconds, held the whole budget while
 * they waited to be refused, and every large body on every gateway got 503 (2115) meanwhile, from anyone, with no
 * credentials. Smaller bodies take no share and are checked by the pipeline as before, so the filter costs them a
 * header lookup. Declared on every path, as {@code AdminAuthenticationFilter} is, so that Micronaut finds it for free.
 */
@ServerFilter(Filter.MATCH_ALL_PATTERN)
final class LargeBodyAccessFilter {

    /** Bodies up to this size take no share of the budget at the edge (the edge's own threshold). */
    private static final long SMALL = 64 * 1024;
    private static final CompletionStage<HttpResponse<?>> PASS = CompletableFuture.completedFuture(null);

    private final CheckGatewayAccessUseCase access;

    LargeBodyAccessFilter(CheckGatewayAccessUseCase access) {
        this.access = access;
    }

    @RequestFilter
    CompletionStage<@Nullable HttpResponse<?>> checkFirst(HttpRequest<?> request) {
        if (!large(request)) {
            return PASS;
        }
        String[] target = gateway(request.getPath());
        if (target == null) {
            return PASS;
        }
        Optional<String> token = request.getHeaders().getFirst(GatewayHeaders.AUTHORIZATION)
                .map(GatewayHeaders::bearerToken);
        return access.check(target[0], target[1], token).handle((opened, refused) ->
                refused == null ? null : ErrorResponses.of(request, refused));
    }

    private static boolean large(HttpRequest<?> request) {
        HttpHeaders headers = request.getHeaders();
        long length = headers.contentLength().orElse(-1);
        return length > SMALL || length < 0 && headers.getFirst(HttpHeaders.TRANSFER_ENCODING).isPresent();
    }

    /** The account and gateway of a {@code /v1/{account}/{gateway}…} path, or null for any other path. */
    static String[] gateway(String path) {
        if (!path.startsWith("/v1/")) {
            return null;
        }
        int account = path.indexOf('/', 4);
        if (account <= 4) {
            return null;
        }
        int gateway = path.indexOf('/', account + 1);
        String name = gateway < 0 ? path.substring(account + 1) : path.substring(account + 1, gateway);
        return name.isEmpty() ? null : new String[] {path.substring(4, account), name};
    }
}
