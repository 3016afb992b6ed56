package dev.sluice.adapters.http.edge;

import dev.sluice.adapters.http.error.ErrorResponses;
import dev.sluice.adapters.http.error.ErrorSurface;
import dev.sluice.domain.cache.CacheHeaders;
import dev.sluice.domain.cache.CacheStatus;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.exchange.RequestIds;
import dev.sluice.domain.policy.GatewayHeaders;
import io.micronaut.json.JsonMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The answers the connection's own handlers give, where no Micronaut request exists, in the error body of the
 * surface the request was for ({@link ErrorSurface}): the 408 a slow client gets, as the bytes of a whole HTTP/1.1
 * response written beneath the HTTP codec, and the 400s for a URL with a malformed escape and for malformed chunking
 * and the 413 for a control request's body over its limit, as responses written above it, and those for a request
 * whose version or Host RFC 9112 refuses and for a control request whose request line is over its limit, and the
 * refusal of a large body's gateway and the 413 for a body declared over the server's limit.
 */
final class EdgeAnswers {

    private static final String MALFORMED = "Malformed URI: a percent sign must start an escape of two hex digits";
    /** As Micronaut's answer to headers over their limit says it ({@code CloudflareErrorResponseProcessor}). */
    private static final String LINE_TOO_LONG = "Request headers or URL are too large";
    private static final String MALFORMED_CHUNKS = "The request body's chunked encoding is malformed";

    private final Map<ErrorSurface, byte[]> timedOut;
    private final Map<ErrorSurface, byte[]> malformed;
    private final Map<ErrorSurface, byte[]> chunks;
    private final Map<ErrorSurface, byte[]> tooLarge;
    private final Map<ErrorSurface, byte[]> busy;
    private final Map<ErrorSurface, byte[]> lineTooLong;
    private final byte[] staticMethod;
    private final Map<RequestHeads.Refusal, Map<ErrorSurface, byte[]>> refusals =
            new EnumMap<>(RequestHeads.Refusal.class);
    private final JsonMapper json;
    private final RequestIds ids;

    /**
     * @param maxControlBody the most a control request's body may hold ({@link MessageBoundaries}), for its 413
     * @param bodyBudget     what the request bodies in flight may hold together ({@link BodyReservations}), for its 503
     */
    EdgeAnswers(JsonMapper json, RequestIds ids, long maxControlBody, long bodyBudget) {
        this.json = json;
        this.ids = ids;
        timedOut = perSurface(surface -> response(json, surface));
        malformed = perSurface(surface -> body(json, surface, ErrorCode.INVALID_BODY, MALFORMED));
        chunks = perSurface(surface -> body(json, surface, ErrorCode.INVALID_BODY, MALFORMED_CHUNKS));
        String tooLargeMessage = "Request body too large: the management and logs APIs and /generate take at most "
                + maxControlBody + " bytes (sluice.server.max-control-body-size)";
        tooLarge = perSurface(surface -> body(json, surface, ErrorCode.BODY_TOO_LARGE, tooLargeMessage));
        String busyMessage = "Too many large request bodies are in flight at once: together they may hold "
                + bodyBudget + " bytes (sluice.server.request-body-budget); retry shortly";
        busy = perSurface(surface -> body(json, surface, ErrorCode.BUSY, busyMessage));
        lineTooLong = perSurface(surface -> body(json, surface, ErrorCode.INVALID_HEADER, LINE_TOO_LONG));
        staticMethod = body(json, ErrorSurface.DATA_PLANE, ErrorCode.METHOD_NOT_ALLOWED,
                "The dashboard's files are read with GET or HEAD only");
        for (RequestHeads.Refusal refusal : RequestHeads.Refusal.values()) {
            refusals.put(refusal, perSurface(surface -> body(json, surface, refusal.code, refusal.message)));
        }
    }

    /** The 400 for a request whose version or Host RFC 9112 refuses ({@link RequestHeads}); it closes. */
    FullHttpResponse refused(RequestHeads.Refusal refusal, ErrorSurface surface) {
        return closing(HttpResponseStatus.valueOf(refusal.code.httpStatus()), refusals.get(refusal).get(surface));
    }

    /**
     * The 431 for a control request (the management and logs APIs, {@code /generate}) whose request line is over its
     * limit, closing the connection: the codec reads nothing more of it.
     */
    FullHttpResponse lineTooLong(ErrorSurface surface) {
        return closing(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, lineTooLong.get(surface));
    }

    /** The 405 for a dashboard file asked for with another method than GET or HEAD, closing the connection. */
    FullHttpResponse staticMethodNotAllowed() {
        FullHttpResponse response = closing(HttpResponseStatus.METHOD_NOT_ALLOWED, staticMethod);
        response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        return response;
    }

    /** The 413 for a control request whose body passes its limit, closing the connection (the rest goes unread). */
    FullHttpResponse controlBodyTooLarge(ErrorSurface surface) {
        return closing(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, tooLarge.get(surface));
    }

    /**
     * The 503 for a request whose body would take the bodies in flight past their budget, closing the connection (the
     * rest of the body goes unread) and telling the client when to try again.
     */
    FullHttpResponse busy(ErrorSurface surface) {
        FullHttpResponse response = closing(HttpResponseStatus.SERVICE_UNAVAILABLE, busy.get(surface));
        response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
        return response;
    }

    /**
     * The refusal of a large body's gateway ({@link LargeBodyGate}: unknown, or its token missing or wrong), as the
     * pipeline answers it, closing the connection (the body goes unread).
     */
    FullHttpResponse accessRefused(GatewayException refusal, HttpRequest request) {
        return asMicronautAnswers(refusal.code(), refusal.getMessage(), ErrorSurface.DATA_PLANE, request);
    }

    /**
     * The 413 for a request whose {@code Content-Length} is over {@code micronaut.server.max-request-size}, as
     * Micronaut answered it, but before a {@code 100 Continue}: Micronaut sent one, and then its 413, to a client
     * that asked whether to send its body.
     */
    FullHttpResponse bodyOverMaxRequestSize(ErrorSurface surface, HttpRequest request) {
        ErrorCode code = ErrorCode.BODY_TOO_LARGE;
        return asMicronautAnswers(code, code.defaultMessage(), surface, request);
    }

    /** An error as Micronaut's server would have written it, closing, with the gateway's headers on a data-plane path. */
    private FullHttpResponse asMicronautAnswers(ErrorCode code, String message, ErrorSurface surface,
                                                HttpRequest request) {
        return onDataPlane(closing(HttpResponseStatus.valueOf(code.httpStatus()), body(json, surface, code, message)),
                request);
    }

    /**
     * {@code answer} to {@code request}, on a data-plane path ({@code /v1/…}) with the gateway's response headers, as
     * every data-plane response has them: a new id, and the client's event id when it sent a valid one (found by a
     * probe: the budget's 503 and the RFC 9112 400s had none).
     */
    FullHttpResponse onDataPlane(FullHttpResponse answer, HttpRequest request) {
        if (request == null || answer.headers().contains(GatewayHeaders.LOG_ID)
                || !request.uri().startsWith("/v1/") && LargeBodyGate.gateway(request.uri()) == null) {
            return answer;
        }
        String id = ids.next();
        String event = request.headers().get(GatewayHeaders.EVENT_ID);
        answer.headers().set(GatewayHeaders.LOG_ID, id).set(GatewayHeaders.REQUEST_ID, id)
                .set(GatewayHeaders.EVENT_ID, event != null && GatewayHeaders.isValidEventId(event) ? event : id)
                .set(CacheHeaders.STATUS, CacheStatus.MISS.name());
        return answer;
    }

    /** The 408 as bytes beneath the codec; a fresh buffer each time: the channel releases what it writes. */
    ByteBuf timedOut(ErrorSurface surface) {
        return Unpooled.wrappedBuffer(timedOut.get(surface));
    }

    /** The 400 for a request whose URL does not decode, closing the connection. */
    FullHttpResponse malformedUri(ErrorSurface surface) {
        return badRequest(malformed.get(surface));
    }

    /** The 400 for a request whose chunked body the codec could not read, closing the connection. */
    FullHttpResponse malformedChunks(ErrorSurface surface) {
        return badRequest(chunks.get(surface));
    }

    private static FullHttpResponse badRequest(byte[] body) {
        return closing(HttpResponseStatus.BAD_REQUEST, body);
    }

    private static FullHttpResponse closing(HttpResponseStatus status, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                // RFC 9110 6.6.1: an origin server with a clock sends a Date (Micronaut's own answers have one).
                .set(HttpHeaderNames.DATE, DateFormatter.format(new Date()));
        return response;
    }

    private static Map<ErrorSurface, byte[]> perSurface(Function<ErrorSurface, byte[]> answer) {
        Map<ErrorSurface, byte[]> answers = new EnumMap<>(ErrorSurface.class);
        for (ErrorSurface surface : ErrorSurface.values()) {
            answers.put(surface, answer.apply(surface));
        }
        return answers;
    }

    private static byte[] body(JsonMapper json, ErrorSurface surface, ErrorCode code, String message) {
        try {
            return json.writeValueAsBytes(ErrorResponses.body(surface, code.httpStatus(), code.code(), message));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] response(JsonMapper json, ErrorSurface surface) {
        ErrorCode code = ErrorCode.CLIENT_TIMEOUT;
        byte[] body = body(json, surface, code, code.defaultMessage());
        byte[] head = ("HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\ncontent-length: "
                + body.length + "\r\nconnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] whole = new byte[head.length + body.length];
        System.arraycopy(head, 0, whole, 0, head.length);
        System.arraycopy(body, 0, whole, head.length, body.length);
        return whole;
    }
}
