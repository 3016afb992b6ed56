package dev.sluice.adapters.http.edge;

import dev.sluice.adapters.http.error.ErrorResponses;
import dev.sluice.domain.error.ErrorCode;
import io.micronaut.json.JsonMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The answers the connection's own handlers give, where no Micronaut request exists, in the error envelope of the
 * surface the request was for: the 408 a slow client gets, as the bytes of a whole HTTP/1.1 response written beneath
 * the HTTP codec, and the 400s for a URL with a malformed escape and for malformed chunking and the 413 for a control
 * request's body over its limit, as responses written above it.
 */
final class EdgeAnswers {

    private static final String MALFORMED = "Malformed URI: a percent sign must start an escape of two hex digits";
    private static final String MALFORMED_CHUNKS = "The request body's chunked encoding is malformed";

    private final byte[] dataPlane;
    private final byte[] management;
    private final byte[] malformedDataPlane;
    private final byte[] malformedManagement;
    private final byte[] chunksDataPlane;
    private final byte[] chunksManagement;
    private final byte[] tooLargeDataPlane;
    private final byte[] tooLargeManagement;
    private final byte[] staticMethod;

    /** @param maxControlBody the most a control request's body may hold ({@link MessageBoundaries}), for its 413 */
    EdgeAnswers(JsonMapper json, long maxControlBody) {
        dataPlane = response(json, "/");
        management = response(json, ErrorResponses.MANAGEMENT_PREFIX);
        malformedDataPlane = body(json, "/", ErrorCode.INVALID_BODY, MALFORMED);
        malformedManagement = body(json, ErrorResponses.MANAGEMENT_PREFIX, ErrorCode.INVALID_BODY, MALFORMED);
        chunksDataPlane = body(json, "/", ErrorCode.INVALID_BODY, MALFORMED_CHUNKS);
        chunksManagement = body(json, ErrorResponses.MANAGEMENT_PREFIX, ErrorCode.INVALID_BODY, MALFORMED_CHUNKS);
        String tooLarge = "Request body too large: the management and logs APIs and /generate take at most "
                + maxControlBody + " bytes (sluice.server.max-control-body-size)";
        tooLargeDataPlane = body(json, "/", ErrorCode.BODY_TOO_LARGE, tooLarge);
        tooLargeManagement = body(json, ErrorResponses.MANAGEMENT_PREFIX, ErrorCode.BODY_TOO_LARGE, tooLarge);
        staticMethod = body(json, "/", ErrorCode.METHOD_NOT_ALLOWED,
                "The dashboard's files are read with GET or HEAD only");
    }

    /** The 405 for a dashboard file asked for with another method than GET or HEAD, closing the connection. */
    FullHttpResponse staticMethodNotAllowed() {
        FullHttpResponse response = closing(HttpResponseStatus.METHOD_NOT_ALLOWED, staticMethod);
        response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        return response;
    }

    /** The 413 for a control request whose body passes its limit, closing the connection (the rest goes unread). */
    FullHttpResponse controlBodyTooLarge(boolean managementApi) {
        return closing(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, managementApi ? tooLargeManagement : tooLargeDataPlane);
    }

    /** A fresh buffer each time: the channel releases what it writes. */
    ByteBuf forPath(boolean managementApi) {
        return Unpooled.wrappedBuffer(managementApi ? management : dataPlane);
    }

    /** The 400 for a request whose URL does not decode, closing the connection. */
    FullHttpResponse malformedUri(boolean managementApi) {
        return badRequest(managementApi ? malformedManagement : malformedDataPlane);
    }

    /** The 400 for a request whose chunked body the codec could not read, closing the connection. */
    FullHttpResponse malformedChunks(boolean managementApi) {
        return badRequest(managementApi ? chunksManagement : chunksDataPlane);
    }

    private static FullHttpResponse badRequest(byte[] body) {
        return closing(HttpResponseStatus.BAD_REQUEST, body);
    }

    private static FullHttpResponse closing(HttpResponseStatus status, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }

    private static byte[] body(JsonMapper json, String path, ErrorCode code, String message) {
        try {
            return json.writeValueAsBytes(ErrorResponses.body(path, code.httpStatus(), code.code(), message));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] response(JsonMapper json, String path) {
        ErrorCode code = ErrorCode.CLIENT_TIMEOUT;
        byte[] body = body(json, path, code, code.defaultMessage());
        byte[] head = ("HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\ncontent-length: "
                + body.length + "\r\nconnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] whole = new byte[head.length + body.length];
        System.arraycopy(head, 0, whole, 0, head.length);
        System.arraycopy(body, 0, whole, head.length, body.length);
        return whole;
    }
}
