package dev.sluice.adapters.http.edge;

import dev.sluice.domain.exchange.ByteBudget;
import io.micronaut.http.netty.websocket.NettyWebSocketSession;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a connection upgraded to a WebSocket: a close frame without a status code (RFC 6455 allows it; the {@code ws}
 * package's {@code close()} sends one) reaches Micronaut as a normal closure. Micronaut echoes the code it was given,
 * and for a missing one that was 65535, which clients refuse as an invalid frame. A message's final frame is delivered
 * with its share of the request-body budget on the session ({@link WebSocketMessageShare}, from the
 * {@link WebSocketFrameHeads} beneath the decoder, which also refuses messages too large), given back here if no reader
 * took it. A frame the decoder refuses (too
 * large, malformed) has been answered by the decoder with its close code (1009, 1002) and the connection closed: that
 * is the client's mistake, not the server's, and is logged as such here instead of as an unexpected ERROR with a stack
 * trace by Micronaut. A graceful shutdown's close does not cut the socket: no new request is taken on it, and once
 * the answers under way are written (a call still unanswered near the grace's end is given up and answered as an
 * error), it says goodbye with 1001 (Going Away) and closes. Micronaut closed the connection at once, with no close
 * frame, and its requests went unanswered and unlogged.
 */
final class WebSocketCloses extends ChannelDuplexHandler {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketCloses.class);

    static final String NAME = "sluice-websocket-closes";

    private final ServerStopping stopping;
    private final WebSocketFrameHeads heads;
    /** A close frame has come from the client: a close goes through as asked. */
    private boolean closing;
    /** The stop's goodbye waits for the answers under way: every close asked for meanwhile waits for it too. */
    private boolean goodbyePending;

    WebSocketCloses(ServerStopping stopping, WebSocketFrameHeads heads) {
        this.stopping = stopping;
        this.heads = heads;
    }

    /** The connection closed: the socket's requests still under way are cancelled ({@link WebSocketRequests#gone}). */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        NettyWebSocketSession session = ctx.channel().attr(NettyWebSocketSession.WEB_SOCKET_SESSION_KEY).get();
        if (session != null) {
            session.get(WebSocketRequests.ATTRIBUTE, WebSocketRequests.class).ifPresent(WebSocketRequests::left);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof WebSocketFrame frame && frame.isFinalFragment() && (msg instanceof TextWebSocketFrame
                || msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame)) {
            WebSocketMessageShare share = heads.delivered();
            if (share != null) {
                deliver(ctx, frame, share);
                return;
            }
        }
        if (msg instanceof CloseWebSocketFrame) {
            closing = true;
        }
        if (msg instanceof CloseWebSocketFrame close && close.statusCode() < 0) {
            close.release();
            ctx.fireChannelRead(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE.code(), ""));
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * A message's final frame goes up with its share on the session, for its reader to take over; Micronaut hands the
     * message to the reader before this returns, so a share still there was not taken, and goes back.
     */
    /**
     * Once a WebSocket upgrade is answered ({@code 101}), after Netty's handshake has put its frame decoder in: a
     * {@link WebSocketFrameHeads} beneath the decoder, where the frames' bytes arrive, and this handler above
     * {@code ctx}'s, where the frames will arrive; text frames that are not UTF-8 are closed with 1007 (RFC 6455 8.1),
     * where Micronaut decoded them with replacement characters.
     */
    static void installOnUpgrade(ChannelHandlerContext ctx, long maxMessageBytes, ByteBudget bodies,
                                 ServerStopping stopping) {
        if (ctx.pipeline().get(WebSocketFrameHeads.DECODER) == null || ctx.pipeline().get(NAME) != null) {
            return;
        }
        WebSocketFrameHeads heads = new WebSocketFrameHeads(maxMessageBytes, bodies);
        ctx.pipeline().addBefore(WebSocketFrameHeads.DECODER, WebSocketFrameHeads.NAME, heads);
        ctx.pipeline().addAfter(ctx.name(), NAME, new WebSocketCloses(stopping, heads));
        // Before this handler, which logs the refusal as the client's mistake.
        ctx.pipeline().addAfter(ctx.name(), "sluice-websocket-utf8", new Utf8FrameValidator(true));
    }

    private static void deliver(ChannelHandlerContext ctx, WebSocketFrame frame, WebSocketMessageShare share) {
        NettyWebSocketSession session = ctx.channel().attr(NettyWebSocketSession.WEB_SOCKET_SESSION_KEY).get();
        if (session == null) {
            share.run();
            ctx.fireChannelRead(frame);
            return;
        }
        session.put(WebSocketMessageShare.ATTRIBUTE, share);
        try {
            ctx.fireChannelRead(frame);
        } finally {
            if (session.contains(WebSocketMessageShare.ATTRIBUTE)) {
                session.remove(WebSocketMessageShare.ATTRIBUTE);
                share.run();
            }
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (!stopping.stopping() || closing) {
            ctx.close(promise);
            return;
        }
        if (goodbyePending) {
            // Micronaut closes a stopping server's sockets more than once (its WebSocket sessions, then each connection).
            ctx.channel().closeFuture().addListener(closed -> promise.trySuccess());
            return;
        }
        goodbyePending = true;
        NettyWebSocketSession session = ctx.channel().attr(NettyWebSocketSession.WEB_SOCKET_SESSION_KEY).get();
        WebSocketRequests requests = session == null ? null
                : session.get(WebSocketRequests.ATTRIBUTE, WebSocketRequests.class).orElse(null);
        Runnable goodbye = () -> ctx.executor().execute(() -> ctx.writeAndFlush(new CloseWebSocketFrame(
                        WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "Sluice is shutting down"))
                .addListener(written -> ctx.close(promise)));
        if (requests == null) {
            goodbye.run();
        } else {
            requests.goAway(goodbye);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException refused) {
            LOG.debug("WebSocket frame refused from {}: {}", ctx.channel().remoteAddress(), refused.getMessage());
            return;
        }
        ctx.fireExceptionCaught(cause);
    }
}
