package dev.sluice.adapters.gateway.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Between the HTTP codec and Micronaut's client on each provider connection: the response heads no client
 * should take as a provider's answer. An interim answer ({@code 102 Processing}, {@code 103 Early Hints}…) is
 * dropped, so the client waits for the final one behind it; taken as final, it was relayed as the client's
 * answer with no body framing, and the client hung. ({@code 100 Continue} and
 * {@code 101 Switching Protocols} are left to the client, which handles them.)
 */
final class AnswerHeadGuard extends ChannelInboundHandlerAdapter {

    private boolean skippingInterim;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (skippingInterim) {
            skippingInterim = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpResponse head && head.decoderResult().isSuccess()) {
            int status = head.status().code();
            if (status > 101 && status < 200) {
                skippingInterim = !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(msg);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }
}
