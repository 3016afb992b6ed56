package dev.sluice.adapters.http.edge;

import dev.sluice.application.access.CheckGatewayAccessUseCase;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.Failures;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.policy.GatewayHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A data-plane request with a large body ({@code /v1/{account}/{gateway}…} with a body over
 * {@link BodyReservations#SMALL}, or chunked) has its gateway checked when its head arrives, before it takes a share of
 * the request-body budget and before its body is read ({@link MessageBoundaries} holds it meanwhile): an unknown account
 * or gateway, or a gateway token missing or wrong, is answered at once. Found by a probe: two such requests, their
 * bodies sent a byte every few seconds, held the whole budget while they waited to be refused, and every large body on
 * every gateway got 503 (2115) meanwhile, from anyone, with no credentials. The pipeline checks every request again, as
 * before; this only answers sooner the ones it would refuse. A name with an escape in it is left to the pipeline,
 * which decodes it.
 */
final class LargeBodyGate {

    private final CheckGatewayAccessUseCase access;

    LargeBodyGate(CheckGatewayAccessUseCase access) {
        this.access = access;
    }

    /** The check of a request's gateway, or null when it needs none here: a small body, or not a gateway's path. */
    CompletableFuture<Void> check(HttpRequest request, long declared) {
        if (declared <= BodyReservations.SMALL && (declared >= 0 || !HttpUtil.isTransferEncodingChunked(request))) {
            return null;
        }
        String[] target = gateway(request.uri());
        if (target == null) {
            return null;
        }
        Optional<String> token = Optional.ofNullable(request.headers().get(GatewayHeaders.AUTHORIZATION))
                .map(GatewayHeaders::bearerToken);
        return access.check(target[0], target[1], token).toCompletableFuture();
    }

    /** The refusal a check failed with: null when it did not fail, or failed otherwise (the pipeline answers that). */
    static GatewayException refusal(Throwable failure) {
        if (failure != null && Failures.cause(failure) instanceof GatewayException refused
                && (refused.code() == ErrorCode.UNKNOWN_GATEWAY || refused.code() == ErrorCode.UNAUTHORIZED)) {
            return refused;
        }
        return null;
    }

    /**
     * The account and gateway of a {@code /v1/{account}/{gateway}…} target, or null for any other, or for one whose
     * account or gateway has an escape in it.
     */
    static String[] gateway(String uri) {
        if (!uri.startsWith("/v1/")) {
            return null;
        }
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        int account = path.indexOf('/', 4);
        if (account <= 4) {
            return null;
        }
        int end = path.indexOf('/', account + 1);
        String name = end < 0 ? path.substring(account + 1) : path.substring(account + 1, end);
        String accountName = path.substring(4, account);
        if (name.isEmpty() || name.indexOf('%') >= 0 || accountName.indexOf('%') >= 0) {
            return null;
        }
        return new String[] {accountName, name};
    }
}
