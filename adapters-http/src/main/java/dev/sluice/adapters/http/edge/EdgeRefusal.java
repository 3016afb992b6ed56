package dev.sluice.adapters.http.edge;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * A connection's refusal by {@link MessageBoundaries}: once refused, whatever arrives is read and dropped; the answer
 * is written in its turn, after the answers to the requests before the refused one on the connection (found by probes
 * and a review: written at once, it came before an answer still streaming, which the client took for that answer or
 * lost with the close); then the connection is closed once the refused body has ended and the answer is out, or
 * {@link LingeringClose#LINGER} after the answer. A refused request Micronaut has already answered (it had its head) is
 * not answered twice: the connection is closed after its answer. Only the event loop of its channel touches it.
 */
final class EdgeRefusal {

    private boolean refused;
    /** Whether the refused body's rest is still to come, read and dropped until it ends. */
    private boolean lingering;
    /** The answer waiting for its turn; null once written, or when there is none. */
    private FullHttpResponse waiting;
    /** How many answers come before the refused request's: the requests passed on to Micronaut before it. */
    private long turn;
    private ChannelFuture sent;

    boolean refused() {
        return refused;
    }

    boolean waiting() {
        return waiting != null;
    }

    /**
     * Refuses with {@code answer}, written once {@code turn} answers have been: every request passed on before the
     * refused one. {@code msg}, the refused message (a head, or a part of a body), is released.
     */
    void refuse(ChannelHandlerContext ctx, Object msg, FullHttpResponse answer, long turn, long begun, long ended) {
        refused = true;
        lingering = !(msg instanceof LastHttpContent);
        ReferenceCountUtil.release(msg);
        this.waiting = answer;
        this.turn = turn;
        inTurn(ctx, begun, ended);
    }

    /** A message that arrived after the refusal: dropped; the body's end closes the connection once the answer is out. */
    void drop(ChannelHandlerContext ctx, Object msg) {
        if (lingering && msg instanceof LastHttpContent) {
            lingering = false;
            if (sent != null) {
                sent.addListener(ChannelFutureListener.CLOSE);
            }
        }
        ReferenceCountUtil.release(msg);
    }

    /** The answers begun and ended so far: writes the refusal when its turn has come. */
    void inTurn(ChannelHandlerContext ctx, long begun, long ended) {
        if (waiting == null || ended < turn || begun > ended) {
            return;
        }
        FullHttpResponse answer = waiting;
        waiting = null;
        if (ended > turn) {
            // Micronaut answered the refused request itself (a route that answers before its body): no second answer.
            answer.release();
            ctx.close();
            return;
        }
        sent = ctx.writeAndFlush(answer);
        if (lingering) {
            LingeringClose.after(ctx, sent);
        } else {
            sent.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The connection closed: an answer still waiting is let go. */
    void release() {
        if (waiting != null) {
            waiting.release();
            waiting = null;
        }
    }
}
