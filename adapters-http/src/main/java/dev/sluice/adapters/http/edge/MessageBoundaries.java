package dev.sluice.adapters.http.edge;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Above the HTTP codec: tells the {@link RequestReadWatch} where each request's headers and body end and
 * where each response begins and ends. An interim response ({@code 100 Continue}) is neither. A WebSocket upgrade
 * ({@code 101}) gets a {@link WebSocketCloses} above this handler, where the frames will arrive.
 */
final class MessageBoundaries extends ChannelDuplexHandler {

    private final RequestReadWatch watch;

    MessageBoundaries(RequestReadWatch watch) {
        this.watch = watch;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            watch.headersArrived(request.uri(), msg instanceof LastHttpContent);
        } else if (msg instanceof LastHttpContent) {
            watch.bodyArrived();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean interim = msg instanceof HttpResponse response
                && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        if (interim && ((HttpResponse) msg).status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()
                && ctx.pipeline().get(WebSocketCloses.NAME) == null) {
            ctx.pipeline().addAfter(ctx.name(), WebSocketCloses.NAME, new WebSocketCloses());
        }
        if (!interim) {
            if (msg instanceof HttpResponse) {
                watch.responseStarted();
            }
            if (msg instanceof LastHttpContent) {
                watch.responseEnded();
            }
        }
        ctx.write(msg, promise);
    }
}
