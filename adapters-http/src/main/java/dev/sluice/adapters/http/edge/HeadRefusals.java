package dev.sluice.adapters.http.edge;

import dev.sluice.adapters.http.error.ErrorSurface;
import dev.sluice.application.compat.CompatStage;
import dev.sluice.domain.exchange.ParsedBodies;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.Optional;

/**
 * What {@link MessageBoundaries} answers a request's head with, judged from the head alone, before Micronaut sees it:
 * a version or {@code Host} RFC 9112 refuses, or a header line the codec could not read ({@link RequestHeads}); a
 * control request's body declared over {@code sluice.server.max-control-body-size}; any body declared over
 * {@code micronaut.server.max-request-size} (Micronaut answered that after a {@code 100 Continue} to a client that
 * asked for one); a body declared over {@code sluice.server.max-parsed-body-size} for a surface that reads it as JSON
 * (the unified API, the universal endpoint: each read the whole body, after a {@code 100 Continue}, before its 413);
 * a dashboard file asked for with another method than GET or HEAD (Micronaut's static resources answered every method
 * with the file).
 */
final class HeadRefusals {

    private final EdgeAnswers answers;
    private final long maxControlBody;
    private final long maxRequestBytes;
    private final long maxParsedBytes;

    HeadRefusals(EdgeAnswers answers, long maxControlBody, long maxRequestBytes, long maxParsedBytes) {
        this.answers = answers;
        this.maxControlBody = maxControlBody;
        this.maxRequestBytes = maxRequestBytes;
        this.maxParsedBytes = maxParsedBytes;
    }

    /** The answer the head gets here, or null when it passes on; {@code declared} is its Content-Length, or -1. */
    FullHttpResponse refusal(HttpRequest request, ErrorSurface surface, long declared) {
        // A request the codec could not read is refused here when a header line is malformed; a bad request line or
        // headers too large are Micronaut's to answer.
        Optional<RequestHeads.Refusal> refusal = request.decoderResult().isSuccess() ? RequestHeads.refusal(request)
                : RequestHeads.unreadable(request);
        if (refusal.isPresent()) {
            return answers.refused(refusal.get(), surface);
        }
        if (surface != ErrorSurface.DATA_PLANE && declared > maxControlBody) {
            return answers.controlBodyTooLarge(surface);
        }
        if (declared > maxRequestBytes) {
            return answers.bodyOverMaxRequestSize(surface, request);
        }
        if (declared > maxParsedBytes && surface == ErrorSurface.DATA_PLANE) {
            String reader = readsAsJson(request);
            if (reader != null) {
                return answers.accessRefused(ParsedBodies.tooLarge(reader, maxParsedBytes, declared), request);
            }
        }
        if (isStaticFile(request.uri()) && !request.method().equals(HttpMethod.GET)
                && !request.method().equals(HttpMethod.HEAD)) {
            return answers.staticMethodNotAllowed();
        }
        return null;
    }

    /** The surface that reads the request's body as JSON, as its refusal names it; null for any other. */
    private static String readsAsJson(HttpRequest request) {
        LargeBodyGate.Target target = LargeBodyGate.gateway(request.uri());
        if (target == null || target == LargeBodyGate.MALFORMED) {
            return null;
        }
        if (target.universal()) {
            return request.method().equals(HttpMethod.POST) ? ParsedBodies.UNIVERSAL : null;
        }
        return target.provider().equals(CompatStage.PROVIDER) ? ParsedBodies.UNIFIED_API : null;
    }

    /**
     * Whether the request is an upgrade, or for the management API, with a URL that does not decode: Micronaut's
     * upgrade path failed on it without answering and held the connection open; its answer to any other came in the
     * data plane's envelope, since it has no path to choose by.
     */
    static boolean malformedTarget(HttpRequest request, ErrorSurface surface) {
        return request.uri().indexOf('%') >= 0
                && (surface == ErrorSurface.MANAGEMENT || request.headers().contains(HttpHeaderNames.UPGRADE))
                && !decodes(request.uri());
    }

    private static boolean decodes(String uri) {
        try {
            QueryStringDecoder decoded = new QueryStringDecoder(uri);
            decoded.path();
            decoded.parameters();
            return true;
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static boolean isStaticFile(String uri) {
        return uri.startsWith("/ui/") || uri.startsWith("/ui-vendor/") || uri.equals("/ui") || uri.startsWith("/ui?");
    }
}
