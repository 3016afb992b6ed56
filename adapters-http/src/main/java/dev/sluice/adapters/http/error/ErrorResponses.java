package dev.sluice.adapters.http.error;

import dev.sluice.domain.cache.CacheHeaders;
import dev.sluice.domain.cache.CacheStatus;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.Failures;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.error.StoreContendedException;
import dev.sluice.domain.error.StoreUnavailableException;
import dev.sluice.domain.exchange.RequestIds;
import dev.sluice.domain.limits.RateLimitedException;
import dev.sluice.domain.policy.GatewayHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place errors become responses. The management API ({@code /client/v4/…}) answers in the v4
 * envelope, the dashboard API ({@code /generate}) in its own; everything else in AI Gateway's error body.
 * Messages are the exceptions' own, which are written never to carry a secret; anything unexpected is answered
 * without its details.
 */
public final class ErrorResponses {

    public static final String MANAGEMENT_PREFIX = "/client/v4/";
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    public static MutableHttpResponse<Object> of(HttpRequest<?> request, Throwable failure) {
        Throwable cause = Failures.cause(failure);
        if (cause instanceof RateLimitedException limited) {
            MutableHttpResponse<Object> response = of(request, limited.code(), limited.getMessage())
                    .header("x-ratelimit-limit", limited.limit().stripTrailingZeros().toPlainString())
                    .header("x-ratelimit-remaining", limited.remaining().toPlainString());
            // A request that can never pass (an estimate over the whole budget) is not told a time to come back.
            return limited.never() ? response : response.header("Retry-After", Long.toString(limited.retryAfterSeconds()))
                    .header("x-ratelimit-reset", Long.toString(limited.retryAfterSeconds()));
        }
        if (cause instanceof GatewayException gateway) {
            if (gateway.getCause() != null) {
                LOG.warn("{} {}: {} ({})", request.getMethodName(), request.getPath(), gateway.getMessage(),
                        gateway.getCause().toString());
            }
            MutableHttpResponse<Object> response = of(request, gateway.code(), gateway.getMessage());
            return gateway.code() == ErrorCode.BUSY || gateway.code() == ErrorCode.SHUTTING_DOWN
                    || gateway.code() == ErrorCode.STORE_CONTENDED ? response.header("Retry-After", "1") : response;
        }
        if (cause instanceof StoreUnavailableException) {
            // A new replica's first lookup of a gateway, say, with the database down: the 503 the API answers it with.
            LOG.warn("{} {}: {}", request.getMethodName(), request.getPath(), cause.getMessage());
            return ofStore(request, (StoreUnavailableException) cause);
        }
        if (cause instanceof OutOfMemoryError) {
            // A body too large for the heap free now (large bodies at once): the client may retry, so it is told so.
            LOG.warn("Out of memory answering {} {}: {}", request.getMethodName(), request.getPath(), cause.getMessage());
            return of(request, new GatewayException(ErrorCode.BUSY,
                    "Not enough memory to read this request now; retry shortly"));
        }
        LOG.error("Unexpected failure answering {} {}", request.getMethodName(), request.getPath(), cause);
        return of(request, 500, 2000, "Internal gateway error");
    }

    /** 2112 only for a database that could not be reached or answer; 2117 for one that kept refusing a change. */
    static MutableHttpResponse<Object> ofStore(HttpRequest<?> request, StoreUnavailableException failure) {
        if (failure instanceof StoreContendedException) {
            return of(request, new GatewayException(ErrorCode.STORE_CONTENDED));
        }
        return of(request, new GatewayException(ErrorCode.STORE_UNAVAILABLE));
    }

    public static MutableHttpResponse<Object> of(HttpRequest<?> request, ErrorCode code, String message) {
        return of(request, code.httpStatus(), code.code(), message);
    }

    public static MutableHttpResponse<Object> of(HttpRequest<?> request, int status, int code, String message) {
        return HttpResponse.status(io.micronaut.http.HttpStatus.valueOf(status))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(body(request, status, code, message));
    }

    /** The error body for this request's surface: the v4 envelope for management, AI Gateway's otherwise. */
    static Object body(HttpRequest<?> request, int status, int code, String message) {
        return body(request.getPath(), status, code, message);
    }

    /** The error body for a request to {@code path}, also where Micronaut has no request to give (the connection's own errors). */
    public static Object body(String path, int status, int code, String message) {
        return body(ErrorSurface.of(path), status, code, message);
    }

    /** The error body of a surface; {@code /generate}'s names the code as its own codes do ({@code BODY_TOO_LARGE}). */
    public static Object body(ErrorSurface surface, int status, int code, String message) {
        return switch (surface) {
            case MANAGEMENT -> V4Envelope.failure(code, message);
            case GENERATE -> GenerateError.of(codeName(code), message, null);
            case DATA_PLANE -> AiGatewayError.of(status, code, message);
        };
    }

    private static String codeName(int code) {
        for (ErrorCode known : ErrorCode.values()) {
            if (known.code() == code) {
                return known.name();
            }
        }
        return "INTERNAL_ERROR";
    }

    /**
     * The data-plane headers on a response the gateway produced itself: ids, and {@code MISS} as the
     * cache status, since nothing was served from cache.
     */
    public static <T extends MutableHttpResponse<?>> T withGatewayHeaders(T response, String requestId, String eventId) {
        return withGatewayHeaders(response, requestId, requestId, eventId);
    }

    /** As above, for an error whose log entry has an id of its own (a universal request's later step). */
    public static <T extends MutableHttpResponse<?>> T withGatewayHeaders(T response, String logId, String requestId,
                                                                          String eventId) {
        response.header(GatewayHeaders.LOG_ID, logId)
                .header(GatewayHeaders.REQUEST_ID, requestId)
                .header(GatewayHeaders.EVENT_ID, eventId)
                .header(CacheHeaders.STATUS, CacheStatus.MISS.name());
        return response;
    }

    /**
     * A data-plane ({@code /v1/…}) error answered before the pipeline gave its request an id still carries the
     * gateway's response headers, with a new id, as every data-plane response does.
     */
    static <T extends MutableHttpResponse<?>> T withNewIdsOnDataPlane(HttpRequest<?> request, T response, RequestIds ids) {
        if (request.getPath().startsWith("/v1/")) {
            String id = ids.next();
            withGatewayHeaders(response, id, id);
        }
        return response;
    }
}
