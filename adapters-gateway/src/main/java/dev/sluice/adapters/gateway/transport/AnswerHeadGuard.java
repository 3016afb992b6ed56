package dev.sluice.adapters.gateway.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.util.List;

/**
 * Between the HTTP codec and Micronaut's client on each provider connection: the response heads no client
 * should take as a provider's answer. An interim answer ({@code 102 Processing}, {@code 103 Early Hints}…) is
 * dropped, so the client waits for the final one behind it; taken as final, it was relayed as the client's
 * answer with no body framing, and the client hung. A status outside 100–599 fails the call and closes the
 * connection: relayed, it made a status line the client could not parse. So does a head the codec could not
 * read (too large, invalid bytes, not HTTP/1.1 at all), which the client otherwise reported as a provider it
 * could not reach, though the provider had taken the request. So does an answer in a transfer coding the codec does
 * not undo ({@code gzip, chunked}), whose compressed bytes went on as the body. ({@code 100 Continue} and
 * {@code 101 Switching Protocols} are left to the client, which handles them.)
 */
final class AnswerHeadGuard extends ChannelInboundHandlerAdapter {

    private boolean skippingInterim;
    private boolean refused;
    private boolean closeAtEnd;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (skippingInterim) {
            skippingInterim = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpResponse head && head.decoderResult().isFailure()) {
            refuse(ctx, msg, unreadable(head.decoderResult().cause()));
            return;
        }
        if (msg instanceof HttpResponse head) {
            int status = head.status().code();
            if (status > 101 && status < 200) {
                skippingInterim = !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(msg);
                return;
            }
            if (status < 100 || status > 599) {
                refuse(ctx, msg, "an invalid status (" + status + ")");
                return;
            }
            String codings = foreignTransferCodings(head);
            if (codings != null) {
                refuse(ctx, msg, "a transfer coding Sluice does not decode (" + codings + ")");
                return;
            }
            closeAtEnd = promisesUnreadBytes(head);
        }
        if (closeAtEnd && msg instanceof LastHttpContent) {
            // Before the end is passed on: on it the pool takes the connection back and may give it to a waiting call.
            closeAtEnd = false;
            ctx.close();
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * A 204 or 304 that declares a body: the codec reads none, as HTTP says, so whatever body the provider sends
     * after it would be read as the head of the connection's next answer, and the next call given it failed. The
     * connection is closed once the answer is read instead of going back to the pool.
     */
    private static boolean promisesUnreadBytes(HttpResponse head) {
        int status = head.status().code();
        if (status != 204 && status != 304) {
            return false;
        }
        String length = head.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        return head.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)
                || (length != null && !length.strip().equals("0"));
    }

    /**
     * The answer's {@code Transfer-Encoding} (its first 100 characters: a provider's value, quoted in the client's 502)
     * when it names a coding besides {@code chunked} and the obsolete {@code identity} (RFC 9112 6.1:
     * {@code gzip, chunked}), else null. The codec takes the chunks off and leaves the gzip on, so the client was sent
     * compressed bytes under the provider's {@code Content-Type} with nothing saying so, and they were cached and logged
     * as a success without usage.
     */
    private static String foreignTransferCodings(HttpResponse head) {
        if (!head.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            return null;
        }
        List<String> values = head.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
        for (String value : values) {
            for (String coding : value.split(",")) {
                String name = coding.strip();
                if (!name.isEmpty() && !name.equalsIgnoreCase("chunked") && !name.equalsIgnoreCase("identity")) {
                    String codings = String.join(", ", values);
                    return codings.length() <= 100 ? codings : codings.substring(0, 100) + "…";
                }
            }
        }
        return null;
    }

    /**
     * What the codec could not read. A head over the client's limits is said to be too large (the limit is
     * {@code micronaut.http.client.max-header-size}), not "not HTTP": the provider spoke HTTP, at more length than
     * Sluice takes.
     */
    private static String unreadable(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            return "a header block too large (" + cause.getMessage() + ")";
        }
        if (cause instanceof TooLongHttpLineException) {
            return "a status line too long (" + cause.getMessage() + ")";
        }
        return "a head that is not HTTP/1.1 (" + cause.getMessage() + ")";
    }

    private void refuse(ChannelHandlerContext ctx, Object msg, String what) {
        refused = true;
        ReferenceCountUtil.release(msg);
        ctx.fireExceptionCaught(new MalformedAnswerException(what));
        ctx.close();
    }

    /** A provider's answer that is not HTTP a client can pass on; the message says what it was. */
    static final class MalformedAnswerException extends IOException {

        MalformedAnswerException(String what) {
            super(what, null);
        }
    }
}
