package dev.sluice.adapters.http.edge;

import dev.sluice.adapters.http.error.ErrorResponses;
import dev.sluice.domain.error.ErrorCode;
import io.micronaut.json.JsonMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The 408 a slow client gets, as the bytes of a whole HTTP/1.1 response: it is written beneath the HTTP
 * codec, where no Micronaut request exists, in the error envelope of the surface the request was for.
 */
final class TimeoutAnswers {

    private final byte[] dataPlane;
    private final byte[] management;

    TimeoutAnswers(JsonMapper json) {
        dataPlane = response(json, "/");
        management = response(json, ErrorResponses.MANAGEMENT_PREFIX);
    }

    /** A fresh buffer each time: the channel releases what it writes. */
    ByteBuf forPath(boolean managementApi) {
        return Unpooled.wrappedBuffer(managementApi ? management : dataPlane);
    }

    private static byte[] response(JsonMapper json, String path) {
        ErrorCode code = ErrorCode.CLIENT_TIMEOUT;
        byte[] body;
        try {
            body = json.writeValueAsBytes(ErrorResponses.body(path, code.httpStatus(), code.code(), code.defaultMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] head = ("HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\ncontent-length: "
                + body.length + "\r\nconnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] whole = new byte[head.length + body.length];
        System.arraycopy(head, 0, whole, 0, head.length);
        System.arraycopy(body, 0, whole, head.length, body.length);
        return whole;
    }
}
