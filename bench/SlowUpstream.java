import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A provider that takes its time without taking threads: answers every request with a static OpenAI chat
 * completion DELAY_MS after it arrived, the wait a timer on the connection's event loop, so thousands of
 * connections waiting at once cost nothing. For the slow-upstream benchmark (bench/slow.sh), which also
 * measures it directly to show it is not the bottleneck. A request with {@code "stream":true} is answered
 * as a server-sent event stream instead: its first event after DELAY_MS, then CHUNKS more GAP_MS apart, in
 * OpenAI's chat-completion chunks, or in Anthropic's Messages events when the path ends in /messages
 * (bench/stream.sh). Runs on the Netty inside Sluice's jar:
 *
 *   java -cp bootstrap/target/bootstrap-*-all.jar bench/SlowUpstream.java PORT DELAY_MS [THREADS [CHUNKS GAP_MS]]
 */
public final class SlowUpstream {

    private static final byte[] BODY = ("{\"id\":\"chatcmpl-slow\",\"object\":\"chat.completion\",\"created\":1767225600,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"Hello after a while.\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17}}")
            .getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long delayMs = Long.parseLong(args[1]);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int chunks = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        long gapMs = args.length > 4 ? Long.parseLong(args[4]) : 20;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                new Answer(delayMs, chunks, gapMs));
                    }
                })
                .bind("127.0.0.1", port).sync();
        System.out.println("slow upstream on 127.0.0.1:" + port + ", answering after " + delayMs + " ms");
        Thread.currentThread().join();
    }

    private static final class Answer extends SimpleChannelInboundHandler<FullHttpRequest> {

        private final long delayMs;
        private final int chunks;
        private final long gapMs;

        Answer(long delayMs, int chunks, long gapMs) {
            this.delayMs = delayMs;
            this.chunks = chunks;
            this.gapMs = gapMs;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            String body = request.content().toString(StandardCharsets.UTF_8);
            if (body.replace(" ", "").contains("\"stream\":true")) {
                stream(ctx, request.uri().endsWith("/messages"));
                return;
            }
            ctx.executor().schedule(() -> {
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        Unpooled.wrappedBuffer(BODY));
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length);
                if (keepAlive) {
                    ctx.writeAndFlush(response);
                } else {
                    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                }
            }, delayMs, TimeUnit.MILLISECONDS);
        }

        private void stream(ChannelHandlerContext ctx, boolean anthropic) {
            List<Event> events = anthropic ? anthropicEvents() : openAiEvents();
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
                    .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            ctx.executor().schedule(() -> {
                ctx.write(head);
                send(ctx, events, 0);
            }, delayMs, TimeUnit.MILLISECONDS);
        }

        /** An event, and whether it waits GAP_MS after the one before (every content event but the first). */
        private record Event(String text, boolean paced) {
        }

        private void send(ChannelHandlerContext ctx, List<Event> events, int index) {
            if (index == events.size()) {
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                return;
            }
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(events.get(index).text(), StandardCharsets.UTF_8)));
            if (index + 1 < events.size() && events.get(index + 1).paced()) {
                ctx.executor().schedule(() -> send(ctx, events, index + 1), gapMs, TimeUnit.MILLISECONDS);
            } else {
                send(ctx, events, index + 1);
            }
        }

        private List<Event> openAiEvents() {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < chunks; i++) {
                events.add(new Event("data: {\"id\":\"chatcmpl-slow\",\"object\":\"chat.completion.chunk\","
                        + "\"created\":1767225600,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":"
                        + "{\"content\":\"word" + i + " \"},\"finish_reason\":null}]}\n\n", i > 0));
            }
            events.add(new Event("data: {\"id\":\"chatcmpl-slow\",\"object\":\"chat.completion.chunk\","
                    + "\"created\":1767225600,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{},"
                    + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":" + chunks
                    + ",\"total_tokens\":" + (12 + chunks) + "}}\n\ndata: [DONE]\n\n", false));
            return events;
        }

        private List<Event> anthropicEvents() {
            List<Event> events = new ArrayList<>();
            events.add(new Event("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_slow\","
                    + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],"
                    + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}\n\n"
                    + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                    + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n", false));
            for (int i = 0; i < chunks; i++) {
                events.add(new Event("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"word" + i + " \"}}\n\n", i > 0));
            }
            events.add(new Event("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                    + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                    + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + chunks + "}}\n\n"
                    + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", false));
            return events;
        }
    }
}
