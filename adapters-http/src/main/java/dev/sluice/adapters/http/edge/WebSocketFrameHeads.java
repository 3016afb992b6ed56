package dev.sluice.adapters.http.edge;

import dev.sluice.domain.exchange.ByteBudget;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;

/**
 * Beneath Netty's WebSocket frame decoder, where a socket's bytes arrive: reads each frame's head (RFC 6455 5.2) as it
 * passes, so that a message is judged by the lengths its frames announce before their payloads are read. The decoder
 * holds a frame's whole payload before handing it on, and Micronaut a message's every fragment, so checks made on
 * frames came after the memory was taken: eight 10 MB messages at once ran the direct memory out (the security probe).
 * <ul>
 *   <li>A message whose frames together announce more than {@code sluice.server.max-parsed-body-size} (what the HTTP
 *   forms take) closes the socket with 1009 (Message Too Big), on the head that passes it.</li>
 *   <li>A message over {@link BodyReservations#SMALL} takes its bytes from the budget the HTTP request bodies take
 *   theirs from ({@code sluice.server.request-body-budget}) as each of its frames' heads arrives; one that would pass
 *   it closes the socket with 1013 (Try Again Later), as an HTTP body past it is refused with 503 and its connection
 *   closed. Its share is handed on with the message ({@link #delivered}, {@link WebSocketMessageShare}).</li>
 * </ul>
 * A refused frame's payload never reaches the decoder (at most the start of its head does, when the head came in two
 * reads); what arrives after it is dropped until the connection closes ({@link LingeringClose}). Bytes are passed on as they came, and control frames and
 * malformed heads are the decoder's to judge. Only the channel's event loop touches it.
 */
final class WebSocketFrameHeads extends ChannelInboundHandlerAdapter {

    static final String NAME = "sluice-websocket-frame-heads";
    /** The name Netty's handshake gives the frame decoder, which this handler goes beneath. */
    static final String DECODER = "wsdecoder";
    private static final int CONTINUATION = 0;
    private static final int CONTROL = 0x8;

    private final long maxMessageBytes;
    private final ByteBudget budget;
    /** The head being read: two bytes, up to eight of length, four of mask. */
    private final byte[] head = new byte[14];
    private int headRead;
    private int headLength = 2;
    private long payloadLeft;
    /** What the frames of the message being read announce so far, and what it has taken of the budget. */
    private long messageBytes;
    private long messageShare;
    /** The shares of whole messages the decoder has not handed on yet, in order (zero for a small one). */
    private final ArrayDeque<Long> wholeShares = new ArrayDeque<>(2);
    private boolean refused;
    /** A head the decoder will refuse (a negative length): from there on, bytes pass unread. */
    private boolean blind;

    WebSocketFrameHeads(long maxMessageBytes, ByteBudget budget) {
        this.maxMessageBytes = maxMessageBytes;
        this.budget = budget;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (blind || !(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        int at = bytes.readerIndex();
        int end = bytes.writerIndex();
        while (at < end && !blind) {
            if (payloadLeft > 0) {
                int passed = (int) Math.min(payloadLeft, end - at);
                at += passed;
                payloadLeft -= passed;
                continue;
            }
            head[headRead++] = bytes.getByte(at++);
            if (headRead == 2) {
                int length = head[1] & 0x7F;
                headLength = 2 + (length == 126 ? 2 : length == 127 ? 8 : 0) + ((head[1] & 0x80) != 0 ? 4 : 0);
            }
            if (headRead == headLength) {
                WebSocketCloseStatus refusal = frameHead();
                if (refusal != null) {
                    bytes.release();
                    refuse(ctx, refusal);
                    return;
                }
            }
        }
        ctx.fireChannelRead(bytes);
    }

    /** Reads the whole head in {@link #head}: a close status when its message must be refused, else null. */
    private WebSocketCloseStatus frameHead() {
        int opcode = head[0] & 0x0F;
        boolean fin = (head[0] & 0x80) != 0;
        long length = announcedLength();
        headRead = 0;
        headLength = 2;
        if (length < 0) {
            blind = true;
            return null;
        }
        payloadLeft = length;
        if ((opcode & CONTROL) != 0) {
            return null;
        }
        long before = opcode == CONTINUATION ? messageBytes : 0;
        if (length > maxMessageBytes - before) {
            return WebSocketCloseStatus.MESSAGE_TOO_BIG;
        }
        messageBytes = before + length;
        if (messageBytes > BodyReservations.SMALL && messageBytes > messageShare) {
            if (!budget.take(messageBytes - messageShare)) {
                return WebSocketCloseStatus.TRY_AGAIN_LATER;
            }
            messageShare = messageBytes;
        }
        if (fin) {
            wholeShares.addLast(messageShare);
            messageShare = 0;
            messageBytes = 0;
        }
        return null;
    }

    private long announcedLength() {
        int length = head[1] & 0x7F;
        if (length < 126) {
            return length;
        }
        int bytes = length == 126 ? 2 : 8;
        long announced = 0;
        for (int i = 0; i < bytes; i++) {
            announced = announced << 8 | head[2 + i] & 0xFF;
        }
        return announced;
    }

    /**
     * The share of the next whole message the decoder hands on, for its reader to give back once done with it; null
     * for a message that took none. Called for each final frame of a message, in order.
     */
    WebSocketMessageShare delivered() {
        Long bytes = wholeShares.pollFirst();
        return bytes == null || bytes == 0 ? null : new WebSocketMessageShare(budget, bytes);
    }

    private void refuse(ChannelHandlerContext ctx, WebSocketCloseStatus status) {
        refused = true;
        releaseAll();
        String reason = status == WebSocketCloseStatus.MESSAGE_TOO_BIG
                ? "A message may hold at most " + maxMessageBytes + " bytes"
                : "Too many large messages and request bodies at once (sluice.server.request-body-budget); retry shortly";
        LingeringClose.after(ctx, ctx.writeAndFlush(new CloseWebSocketFrame(status, reason)));
    }

    private void releaseAll() {
        budget.give(messageShare);
        messageShare = 0;
        for (Long share = wholeShares.pollFirst(); share != null; share = wholeShares.pollFirst()) {
            budget.give(share);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseAll();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseAll();
    }
}
