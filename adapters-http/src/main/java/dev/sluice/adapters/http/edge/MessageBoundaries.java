package dev.sluice.adapters.http.edge;

import dev.sluice.adapters.http.error.ErrorResponses;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;

/**
 * Above the HTTP codec: tells the {@link RequestReadWatch} where each request's headers and body end and
 * where each response begins and ends. An interim response ({@code 100 Continue}) is neither. A WebSocket upgrade
 * ({@code 101}) gets a {@link WebSocketCloses} above this handler, where the frames will arrive.
 * <ul>
 *   <li>Raw bytes outside ASCII in a request's target are escaped as the same bytes ({@link RequestTargets}).</li>
 *   <li>An upgrade, or a management API request, whose URL has a malformed escape is answered here with 400 in its
 *   surface's envelope and the connection closed: Micronaut's upgrade path failed on it without an answer, and its
 *   400 for the management API came in the data plane's envelope.</li>
 *   <li>A body the codec could not read (malformed chunking) is answered here with 400 and the connection closed,
 *   before its request can be sent on.</li>
 * </ul>
 */
final class MessageBoundaries extends ChannelDuplexHandler {

    private final RequestReadWatch watch;
    private final EdgeAnswers answers;
    private final long maxMessageBytes;
    private boolean refused;
    /** Whether the request being read is the management API's, for the envelope of an answer given here. */
    private boolean management;

    MessageBoundaries(RequestReadWatch watch, EdgeAnswers answers, long maxMessageBytes) {
        this.watch = watch;
        this.answers = answers;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            String target = RequestTargets.escapedBytes(request.uri());
            if (target != request.uri()) {
                request.setUri(target);
            }
            management = request.uri().startsWith(ErrorResponses.MANAGEMENT_PREFIX);
            if (request.uri().indexOf('%') >= 0) {
                // Micronaut's upgrade path fails on such a URL without answering and holds the connection open; its
                // answer to any other comes in the data plane's envelope, since it has no path to choose by.
                if ((management || request.headers().contains(HttpHeaderNames.UPGRADE)) && !decodes(request.uri())) {
                    refused = true;
                    ReferenceCountUtil.release(msg);
                    ctx.writeAndFlush(answers.malformedUri(management)).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
            }
            watch.headersArrived(request.uri(), msg instanceof LastHttpContent);
        } else if (msg instanceof LastHttpContent last) {
            if (last.decoderResult().isFailure()) {
                // The codec could not read the body (malformed chunking) and ends it there, empty; passed on, that
                // body was sent to the provider as if whole. Whatever was read of it is dropped with the connection,
                // after a 400: the request's body has not reached Micronaut whole, so it has not answered.
                refused = true;
                ReferenceCountUtil.release(msg);
                ctx.writeAndFlush(answers.malformedChunks(management)).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            watch.bodyArrived();
        }
        ctx.fireChannelRead(msg);
    }

    private static boolean decodes(String uri) {
        try {
            QueryStringDecoder decoded = new QueryStringDecoder(uri);
            decoded.path();
            decoded.parameters();
            return true;
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        HttpResponseStatus status = msg instanceof HttpResponse response ? response.status() : null;
        boolean interim = status != null && status.codeClass() == HttpStatusClass.INFORMATIONAL;
        if (interim && status.code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()
                && ctx.pipeline().get(WebSocketCloses.NAME) == null) {
            ctx.pipeline().addAfter(ctx.name(), WebSocketCloses.NAME, new WebSocketCloses(maxMessageBytes));
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
