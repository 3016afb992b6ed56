package dev.sluice.adapters.http.edge;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

import java.util.ArrayDeque;

/**
 * HTTP/1.0 has no chunked transfer coding, and RFC 9112 §6.1 forbids sending it to an HTTP/1.0 client, which reads
 * the chunk sizes as part of the body. An answer of unknown length to an HTTP/1.0 request (a stream, a compressed
 * body) is sent as its bytes alone: no {@code Transfer-Encoding} or {@code Content-Length}, {@code Connection: close},
 * and the connection closed after its last byte, which is how the client knows the body ended. An answer with a
 * {@code Content-Length} is left alone, so an HTTP/1.0 keep-alive connection stays open after it.
 *
 * <p>{@link MessageBoundaries} makes one only when a connection carries an HTTP/1.0 request, and tells it the
 * ordinal of each such request and of each response head; an HTTP/1.1 connection never has one. The HTTP codec
 * beneath writes the content of a response without {@code Transfer-Encoding: chunked} as it is, unframed.
 */
final class CloseDelimitedBodies {

    /** The ordinals (from 1, on this connection) of the HTTP/1.0 requests whose answers have not begun. */
    private final ArrayDeque<Long> http10Requests = new ArrayDeque<>();
    private boolean closeAfterBody;

    void requested(long ordinal) {
        http10Requests.add(ordinal);
    }

    /** The head of the connection's {@code ordinal}th response, rewritten when it answers an HTTP/1.0 request. */
    void head(HttpResponse response, long ordinal) {
        while (!http10Requests.isEmpty() && http10Requests.peek() < ordinal) {
            http10Requests.poll();
        }
        if (http10Requests.isEmpty() || http10Requests.peek() != ordinal) {
            return;
        }
        http10Requests.poll();
        boolean chunked = HttpUtil.isTransferEncodingChunked(response);
        if (!chunked && (HttpUtil.isContentLengthSet(response) || bodiless(response.status()))) {
            return;
        }
        response.headers().remove(HttpHeaderNames.TRANSFER_ENCODING)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        closeAfterBody = true;
    }

    /** The promise to write an answer's last content with: one that then closes the connection, where it must. */
    ChannelPromise lastContent(ChannelPromise promise) {
        if (!closeAfterBody) {
            return promise;
        }
        closeAfterBody = false;
        ChannelPromise closing = promise.unvoid();
        closing.addListener(ChannelFutureListener.CLOSE);
        return closing;
    }

    private static boolean bodiless(HttpResponseStatus status) {
        return status.code() == HttpResponseStatus.NO_CONTENT.code()
                || status.code() == HttpResponseStatus.NOT_MODIFIED.code();
    }
}
