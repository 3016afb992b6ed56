package dev.sluice.adapters.http.edge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

/**
 * On a connection upgraded to a WebSocket: a close frame without a status code (RFC 6455 allows it; the {@code ws}
 * package's {@code close()} sends one) reaches Micronaut as a normal closure. Micronaut echoes the code it was given,
 * and for a missing one that was 65535, which clients refuse as an invalid frame.
 */
final class WebSocketCloses extends ChannelInboundHandlerAdapter {

    static final String NAME = "sluice-websocket-closes";

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof CloseWebSocketFrame close && close.statusCode() < 0) {
            close.release();
            ctx.fireChannelRead(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE.code(), ""));
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
