package dev.sluice.adapters.gateway.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guard on a channel of its own, where the reads of one batch can be given one by one, as TLS gives the records
 * of one read: what Micronaut's client behind it is handed, and whether the connection is still open when it is
 * handed an answer's end (on which its pool may give the connection to a waiting call).
 */
class TrailingBytesGuardTest {

    private static final String ANSWER = "HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nfirst";

    private final List<String> handed = new ArrayList<>();
    private EmbeddedChannel channel;

    @BeforeEach
    void start() {
        TrailingBytesGuard guard = new TrailingBytesGuard();
        channel = new EmbeddedChannel(guard.atReads(), guard.beforeCodec(), new HttpClientCodec(), guard.afterCodec(),
                new Client());
    }

    @AfterEach
    void stop() {
        channel.finishAndReleaseAll();
    }

    @Test
    void anAnswerAloneIsHandedOverAtTheEndOfItsReadsAndLeavesTheConnectionOpen() {
        request();
        channel.pipeline().fireChannelRead(bytes(ANSWER));
        assertThat(handed).as("the last content, which is the end, is held").containsExactly("head 200");

        channel.pipeline().fireChannelReadComplete();
        assertThat(handed).containsExactly("head 200", "content first", "end, open");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void bytesInTheNextRecordOfTheSameReadCloseTheConnectionBeforeTheEndIsHandedOver() {
        request();
        channel.writeInbound(bytes(ANSWER), bytes("HTTP/1.1 200 OK\r\ncontent-length: 8\r\n\r\nsmuggled"));

        assertThat(handed).containsExactly("head 200", "content first", "end, closed");
    }

    @Test
    void bytesAfterTheEndInItsOwnBufferCloseTheConnectionBeforeTheEndIsHandedOver() {
        request();
        channel.writeInbound(bytes(ANSWER + "HTTP/1.1 2"));

        assertThat(handed).containsExactly("head 200", "content first", "end, closed");
    }

    @Test
    void bytesWhileNoRequestIsOutstandingCloseTheConnectionUnread() {
        request();
        channel.writeInbound(bytes(ANSWER));
        channel.writeInbound(bytes("HTTP/1.1 200 OK\r\ncontent-length: 8\r\n\r\nsmuggled"));

        assertThat(handed).containsExactly("head 200", "content first", "end, open");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anInterimAnswersEndIsNotTheAnswers() {
        request();
        channel.writeInbound(bytes("HTTP/1.1 100 Continue\r\n\r\n"));
        channel.writeInbound(bytes(ANSWER));
        request();
        channel.writeInbound(bytes(ANSWER));

        assertThat(handed).containsExactly("head 100", "end, open", "head 200", "content first", "end, open",
                "head 200", "content first", "end, open");
    }

    private void request() {
        channel.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/chat"));
        channel.releaseOutbound();
    }

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    /** Micronaut's client, as far as what it is handed. */
    private final class Client extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpResponse head) {
                handed.add("head " + head.status().code());
            }
            if (msg instanceof HttpContent content && content.content().isReadable()) {
                handed.add("content " + content.content().toString(StandardCharsets.US_ASCII));
            }
            if (msg instanceof LastHttpContent) {
                handed.add("end, " + (ctx.channel().isActive() ? "open" : "closed"));
            }
            ReferenceCountUtil.release(msg);
        }
    }
}
