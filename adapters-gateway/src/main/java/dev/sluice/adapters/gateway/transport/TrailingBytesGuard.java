package dev.sluice.adapters.gateway.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Bytes a provider sends on a kept-alive connection outside any answer: after the end its answer's framing declared
 * (its {@code Content-Length}, its last chunk), or while no request is outstanding. Left to the codec they were read
 * as the head of the connection's next answer, so the next call given the connection failed, or, when they made a
 * whole answer, was given that one: someone else's. As nginx and Envoy do, such a connection is closed instead; the
 * answer that ended is still delivered whole, and the next call goes out on a fresh connection.
 *
 * <p>Three handlers share the state of one connection: {@link #atReads()} sees each batch of reads from the socket
 * (before TLS, if any), {@link #beforeCodec()} the bytes the HTTP codec is given, {@link #afterCodec()} the requests
 * written and the messages decoded. On an answer's end Micronaut gives the connection back to its pool, which may at
 * once write a waiting call's request on it; so the end is held until the batch of reads that brought it has been
 * decoded whole (TLS decodes a read record by record), and passed on only then, the connection closed first if
 * anything followed the end in that batch: bytes the codec had not read yet when it decoded the end, or bytes given
 * to it after. Bytes read while no request is outstanding close the connection before the codec sees them. The
 * cost is a few fields per connection and, per read, a retain and release of the buffer read: nothing is copied or
 * allocated.
 */
final class TrailingBytesGuard {

    /** A request is written and its final answer has not ended. */
    private boolean answering;
    /** The head being read is an interim one ({@code 1xx}): its end is not the answer's. */
    private boolean interim;
    /** After {@code 101 Switching Protocols} the connection no longer speaks HTTP. */
    private boolean upgraded;
    /** The bytes the codec is decoding now; null between reads. */
    private ByteBuf reading;
    /**
     * The codec may still hold bytes of an earlier read, so it decodes a copy of {@link #reading} joined to them and
     * what follows an answer's end cannot be counted: such an answer closes its connection.
     */
    private boolean merging;
    /** After a read: whether the codec may have kept some of its bytes for the next. */
    private boolean codecMayHold;
    /** Reads from the socket are under way; a batch ends with {@code channelReadComplete}. */
    private boolean inBatch;
    /** The end of the answer, held until its batch of reads is decoded, and where to pass it on from. */
    private LastHttpContent heldEnd;
    private ChannelHandlerContext heldAt;

    private final ChannelHandler atReads = new ReadBatches();
    private final ChannelHandler beforeCodec = new RawBytes();
    private final ChannelHandler afterCodec = new Messages();

    ChannelHandler atReads() {
        return atReads;
    }

    ChannelHandler beforeCodec() {
        return beforeCodec;
    }

    ChannelHandler afterCodec() {
        return afterCodec;
    }

    /**
     * Whether anything may follow the end of the answer just decoded. Unless the codec joined this read to an
     * earlier one, it decodes the read's own buffer, whose unread bytes are then exactly what follows the end.
     */
    private boolean trailing() {
        return reading == null || merging || reading.isReadable();
    }

    private void passHeldEnd() {
        LastHttpContent end = heldEnd;
        if (end != null) {
            heldEnd = null;
            heldAt.fireChannelRead(end);
        }
    }

    private final class ReadBatches extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            inBatch = true;
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            inBatch = false;
            passHeldEnd();
            ctx.fireChannelReadComplete();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inBatch = false;
            passHeldEnd();
            ctx.fireChannelInactive();
        }
    }

    private final class RawBytes extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (upgraded || !(msg instanceof ByteBuf raw) || !raw.isReadable()) {
                ctx.fireChannelRead(msg);
                return;
            }
            if (!answering) {
                raw.release();
                ctx.close();
                return;
            }
            merging = codecMayHold || !raw.isContiguous();
            reading = raw.retain();
            try {
                ctx.fireChannelRead(raw);
            } finally {
                // Read in place, the buffer is what the codec keeps; joined to earlier bytes, nothing here says.
                codecMayHold = merging || raw.isReadable();
                reading = null;
                raw.release();
            }
        }
    }

    private final class Messages extends ChannelDuplexHandler {

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpRequest) {
                answering = true;
            }
            ctx.write(msg, promise);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (upgraded) {
                ctx.fireChannelRead(msg);
                return;
            }
            if (!answering) {
                // Decoded from what followed an answer, on a connection closed for it.
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpResponse head) {
                upgraded = head.status().code() == 101;
                interim = head.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            }
            if (msg instanceof LastHttpContent end && !upgraded) {
                if (interim) {
                    interim = false;
                } else {
                    answering = false;
                    if (trailing()) {
                        ctx.close();
                    }
                    if (inBatch) {
                        heldEnd = end;
                        heldAt = ctx;
                        return;
                    }
                }
            }
            ctx.fireChannelRead(msg);
        }
    }
}
