package dev.sluice.adapters.http.edge;

import dev.sluice.adapters.http.proxy.GatewayHeaderDecoder;
import dev.sluice.application.access.CheckGatewayAccessUseCase;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.Failures;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.policy.GatewayHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A data-plane request with a large body ({@code /v1/{account}/{gateway}…} with a body over
 * {@link BodyReservations#SMALL}, or chunked) has its gateway checked when its head arrives, before it takes a share
 * of the request-body budget and before its body is read ({@link MessageBoundaries} holds it meanwhile): an unknown
 * account or gateway, or a gateway token missing, wrong or given twice, is answered at once. Found by a probe: two such
 * requests, their bodies sent a byte every few seconds, held the whole budget while they waited to be refused, and
 * every large body on every gateway got 503 (2115) meanwhile, from anyone, with no credentials.
 * <p>The pipeline checks every request again, as before; this only answers sooner the ones it would refuse. Names are
 * decoded as the router decodes them, and one that does not decode is no gateway's. The universal endpoint
 * ({@code POST /v1/{account}/{gateway}}) is refused here only for a gateway that does not exist: its steps may carry
 * the gateway's token in their own headers, inside the body. A refusal of a request that follows others not yet
 * answered on its connection waits for their answers ({@link HeldRequest}). Where the pipeline would refuse the request
 * for another reason first (a bad {@code cf-aig-*} header, a path no route takes), the refusal here may name another
 * error; it is a refusal either way.
 */
final class LargeBodyGate {

    /**
     * A request's account, gateway and the segment after them (a provider, or {@code compat}), read as the router reads
     * them; {@code universal} when nothing follows the gateway, and the provider is then empty.
     */
    record Target(String account, String gateway, String provider, boolean universal) {
    }

    /** The target of a request whose account or gateway does not decode. */
    static final Target MALFORMED = new Target("", "", "", false);

    private final CheckGatewayAccessUseCase access;

    LargeBodyGate(CheckGatewayAccessUseCase access) {
        this.access = access;
    }

    /** The check of a request's gateway, or null when it needs none here: a small body, or not a gateway's path. */
    CompletableFuture<Void> check(HttpRequest request, long declared) {
        if (declared <= BodyReservations.SMALL && (declared >= 0 || !HttpUtil.isTransferEncodingChunked(request))) {
            return null;
        }
        Target target = gateway(request.uri());
        if (target == null) {
            return null;
        }
        if (target == MALFORMED) {
            return CompletableFuture.failedFuture(new GatewayException(ErrorCode.UNKNOWN_GATEWAY));
        }
        List<String> tokens = request.headers().getAll(GatewayHeaders.AUTHORIZATION);
        if (tokens.stream().distinct().count() > 1 && !target.universal()) {
            return CompletableFuture.failedFuture(GatewayHeaderDecoder.givenTwice(GatewayHeaders.AUTHORIZATION));
        }
        Optional<String> token;
        try {
            // As the pipeline reads it: UTF-8 (the codec gives one char per byte), a 400 when it is not.
            token = tokens.stream().findFirst()
                    .map(value -> GatewayHeaderDecoder.gatewayValue(GatewayHeaders.AUTHORIZATION, value))
                    .map(GatewayHeaders::bearerToken);
        } catch (GatewayException notUtf8) {
            return CompletableFuture.failedFuture(notUtf8);
        }
        CompletableFuture<Void> checked = access.check(target.account(), target.gateway(), token).toCompletableFuture();
        return target.universal() ? checked.exceptionallyCompose(LargeBodyGate::unknownOnly) : checked;
    }

    /** A universal request is refused here only when its gateway does not exist: a step may carry its token. */
    private static CompletableFuture<Void> unknownOnly(Throwable failure) {
        GatewayException refused = refusal(failure);
        return refused != null && refused.code() != ErrorCode.UNKNOWN_GATEWAY ? CompletableFuture.completedFuture(null)
                : CompletableFuture.failedFuture(failure);
    }

    /** The refusal a check failed with: null when it did not fail, or failed otherwise (the pipeline answers that). */
    static GatewayException refusal(Throwable failure) {
        if (failure != null && Failures.cause(failure) instanceof GatewayException refused
                && (refused.code() == ErrorCode.UNKNOWN_GATEWAY || refused.code() == ErrorCode.UNAUTHORIZED
                || refused.code() == ErrorCode.INVALID_HEADER)) {
            return refused;
        }
        return null;
    }

    /**
     * The account, gateway and provider of a {@code /v1/{account}/{gateway}…} target, decoded as the router decodes them (a
     * target in absolute form, {@code http://host/v1/…}, by its path); null for any other target, and {@link #MALFORMED}
     * for one whose account or gateway has an escape that does not decode.
     */
    static Target gateway(String uri) {
        String path = uri;
        if (!path.startsWith("/")) {
            int scheme = path.indexOf("://");
            int start = scheme < 0 ? -1 : path.indexOf('/', scheme + 3);
            if (start < 0) {
                return null;
            }
            path = path.substring(start);
        }
        if (!path.startsWith("/v1/")) {
            return null;
        }
        int account = path.indexOf('/', 4);
        if (account <= 4) {
            return null;
        }
        int end = firstOf(path, account + 1);
        if (end == account + 1) {
            return null;
        }
        // The router takes a trailing slash off (after the query), so /v1/a/g/ and /v1/a/g/?x are the universal endpoint.
        int providerEnd = end < path.length() && path.charAt(end) == '/' ? firstOf(path, end + 1) : end;
        boolean universal = providerEnd == end
                || providerEnd == end + 1 && (providerEnd == path.length() || path.charAt(providerEnd) != '/');
        try {
            return new Target(segment(path.substring(4, account)), segment(path.substring(account + 1, end)),
                    universal ? "" : provider(path.substring(end + 1, providerEnd)), universal);
        } catch (IllegalArgumentException malformed) {
            return MALFORMED;
        }
    }

    /** A provider segment decoded; one that does not decode is empty (no provider's), its gateway still checked. */
    private static String provider(String raw) {
        try {
            return segment(raw);
        } catch (IllegalArgumentException malformed) {
            return "";
        }
    }

    /** Where the segment starting at {@code from} ends: at the next slash, the query or the fragment. */
    private static int firstOf(String path, int from) {
        for (int i = from; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return i;
            }
        }
        return path.length();
    }

    /** A path segment decoded: a plus sign is itself there, not a space. */
    private static String segment(String raw) {
        return raw.indexOf('%') < 0 ? raw
                : QueryStringDecoder.decodeComponent(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
