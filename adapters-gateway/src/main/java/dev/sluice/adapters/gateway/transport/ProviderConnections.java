package dev.sluice.adapters.gateway.transport;

import io.micronaut.http.client.netty.NettyClientCustomizer;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;

import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which pooled connection carries which provider call, so that a call that ends early can close its
 * connection at once. Micronaut's client keeps a connection whose exchange was cancelled open until the
 * provider answers (and then drains the answer to the end), which for a timed-out call to a hanging
 * provider, or a stream nobody reads any more, means minutes. Each call carries a ticket in a header that
 * never leaves the process: a handler beside the HTTP codec takes it off the request as it is written and
 * records the connection under it. A call that ends whole releases its ticket and its connection goes back
 * to the pool; one that is abandoned closes the connection, so nothing half-read is ever reused. Two guards on each
 * connection close it for what a provider sends that no client should be given: {@link AnswerHeadGuard} for heads,
 * {@link TrailingBytesGuard} for bytes outside any answer.
 */
public final class ProviderConnections implements NettyClientCustomizer {

    static final String TICKET_HEADER = "x-sluice-connection-ticket";
    private static final String HANDLER = "sluice-connection-ticket";
    private static final String ANSWER_BYTES = "sluice-connection-answer-bytes";
    private static final String GUARD = "sluice-answer-head-guard";
    private static final String TRAILING_READS = "sluice-trailing-bytes-reads";
    private static final String TRAILING_RAW = "sluice-trailing-bytes-raw";
    private static final String TRAILING = "sluice-trailing-bytes";

    /**
     * How soon after a request is written its reused connection must close, before any byte of an answer, for the
     * request to be sent again ({@link #closedUnanswered}): the provider's close of an idle connection crossed the
     * request on the wire, which takes a round trip at most.
     */
    static final Duration STALE_WITHIN = Duration.ofMillis(300);
    /**
     * How long a connection must have been idle before it is reused for a close to be taken for the provider's end of
     * an idle connection: servers keep an idle connection a few seconds at least (2 s gunicorn, 5 s Node and uvicorn,
     * 60 s and more load balancers). A connection used moments before that closes on its next request closed for
     * another reason (found by a review: a policy reset, a worker crashing quickly), and is not resent.
     */
    static final Duration IDLE_AT_LEAST = Duration.ofSeconds(1);

    /** A call whose request is not yet written; the state becomes its channel once it is. */
    private static final Object PENDING = new Object();
    /** Abandoned calls are forgotten after this, should the client never write their request. */
    private static final long FORGET_ABANDONED_NANOS = 60_000_000_000L;

    private final AtomicLong next = new AtomicLong();
    private final AtomicLong abandonedBeforeWrite = new AtomicLong();
    private final Map<Long, Object> calls = new ConcurrentHashMap<>();
    /** Calls whose reused connection closed after their request was written and before any byte of its answer. */
    private final Set<Long> closedUnanswered = ConcurrentHashMap.newKeySet();
    private final long staleWithinNanos;
    private final long idleAtLeastNanos;

    public ProviderConnections() {
        this(STALE_WITHIN, IDLE_AT_LEAST);
    }

    /** With other windows for a resend after a stale connection ({@link #closedUnanswered}): for tests. */
    ProviderConnections(Duration staleWithin, Duration idleAtLeast) {
        this.staleWithinNanos = staleWithin.toNanos();
        this.idleAtLeastNanos = idleAtLeast.toNanos();
    }

    long issue() {
        long ticket = next.incrementAndGet();
        calls.put(ticket, PENDING);
        return ticket;
    }

    /** The call ended whole: its connection is the pool's again. */
    void release(long ticket) {
        calls.remove(ticket);
    }

    /**
     * Whether the call's connection was one the pool had already used for another call and then left idle for at least
     * {@link #IDLE_AT_LEAST}, and closed (or was reset) within {@link #STALE_WITHIN} of its request being written,
     * before any byte of an answer came: the provider closing an idle connection just as it was taken from the pool,
     * whose application never read the request. It may be sent again on another connection, as OkHttp does. Asked
     * once, when the call fails, which every call so noted does (no byte of an answer came): the note goes with it,
     * and a call that ends otherwise is never noted.
     */
    boolean closedUnanswered(long ticket) {
        return closedUnanswered.remove(ticket);
    }

    /**
     * The call ended early: its connection, if it has one, is closed. {@code mayStillBeWritten} when the
     * client could yet send the request (the exchange was cancelled, not failed): the connection is then
     * closed when it is.
     */
    void abandon(long ticket, boolean mayStillBeWritten) {
        while (true) {
            Object state = calls.get(ticket);
            if (state instanceof Channel channel) {
                calls.remove(ticket);
                channel.close();
                return;
            }
            if (state == null || state instanceof Abandoned) {
                return;
            }
            if (!mayStillBeWritten) {
                calls.remove(ticket);
                return;
            }
            if (calls.replace(ticket, PENDING, new Abandoned(System.nanoTime()))) {
                forgetOldAbandoned();
                return;
            }
        }
    }

    /** Calls that hold a connection or may yet be given one: for tests. */
    int tracked() {
        return (int) calls.values().stream().filter(state -> !(state instanceof Abandoned)).count();
    }

    private void written(long ticket, Channel channel) {
        if (calls.replace(ticket, PENDING, channel)) {
            return;
        }
        if (calls.get(ticket) instanceof Abandoned abandoned && calls.remove(ticket, abandoned)) {
            channel.close();
        }
    }

    /** Most abandoned requests are never written (the client sees the cancellation first): forget them. */
    private void forgetOldAbandoned() {
        if (abandonedBeforeWrite.incrementAndGet() % 256 == 0) {
            long now = System.nanoTime();
            calls.values().removeIf(state -> state instanceof Abandoned abandoned
                    && now - abandoned.atNanos() > FORGET_ABANDONED_NANOS);
        }
    }

    private record Abandoned(long atNanos) {
    }

    @Override
    public NettyClientCustomizer specializeForChannel(Channel channel, ChannelRole role) {
        return role == ChannelRole.CONNECTION ? new ConnectionCustomizer(channel) : this;
    }

    private final class ConnectionCustomizer implements NettyClientCustomizer {

        private final Channel channel;

        ConnectionCustomizer(Channel channel) {
            this.channel = channel;
        }

        @Override
        public NettyClientCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return ProviderConnections.this.specializeForChannel(channel, role);
        }

        @Override
        public void onInitialPipelineBuilt() {
            install();
        }

        /** Over TLS the HTTP/1.1 codec is added only once the protocol is negotiated, after the initial pipeline. */
        @Override
        public void onStreamPipelineBuilt() {
            install();
        }

        /** Beside the HTTP/1.1 codec, once there is one (an HTTP/2 connection has none). */
        private void install() {
            ChannelPipeline pipeline = channel.pipeline();
            String codec = ChannelPipelineCustomizer.HANDLER_HTTP_CLIENT_CODEC;
            if (pipeline.get(HANDLER) != null || pipeline.get(codec) == null) {
                return;
            }
            TrailingBytesGuard trailing = new TrailingBytesGuard();
            String tls = ChannelPipelineCustomizer.HANDLER_SSL;
            pipeline.addBefore(pipeline.get(tls) != null ? tls : codec, TRAILING_READS, trailing.atReads());
            pipeline.addBefore(codec, TRAILING_RAW, trailing.beforeCodec());
            TicketHandler tickets = new TicketHandler();
            pipeline.addBefore(codec, ANSWER_BYTES, tickets.answerBytes);
            pipeline.addAfter(codec, HANDLER, tickets);
            pipeline.addAfter(HANDLER, TRAILING, trailing.afterCodec());
            pipeline.addAfter(TRAILING, GUARD, new AnswerHeadGuard());
        }
    }

    /**
     * Takes the ticket off each request as it is written, and records the connection under it; notes a call whose
     * request went out on a connection that had carried one before and that closed before any byte of its answer
     * came ({@link #closedUnanswered}). Beneath the codec, {@link #answerBytes} sees the answer's bytes arrive.
     */
    private final class TicketHandler extends ChannelDuplexHandler {

        /** Requests written on this connection. */
        private long requests;
        /** The reused connection's call whose answer has not begun; 0 when there is none. */
        private long unanswered;
        /** When that call's request was written. */
        private long writtenAt;
        /** When the connection's last answer ended (or it was opened): how long it has been idle. */
        private long lastAnswered = System.nanoTime();

        final ChannelInboundHandlerAdapter answerBytes = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                unanswered = 0;
                ctx.fireChannelRead(msg);
            }
        };

        /** An answer's end: the clock of the connection's idleness starts (once an answer, not once a read). */
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof LastHttpContent) {
                lastAnswered = System.nanoTime();
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof HttpRequest request) {
                String ticket = request.headers().get(TICKET_HEADER);
                if (ticket != null) {
                    request.headers().remove(TICKET_HEADER);
                    long call = Long.parseLong(ticket);
                    written(call, ctx.channel());
                    writtenAt = System.nanoTime();
                    unanswered = requests++ > 0 && writtenAt - lastAnswered >= idleAtLeastNanos ? call : 0;
                    if (!ctx.channel().isOpen()) {
                        // Never written, so never read: it may go again on another connection.
                        if (calls.get(call) == ctx.channel()) {
                            closedUnanswered.add(call);
                        }
                        io.netty.util.ReferenceCountUtil.release(msg);
                        promise.tryFailure(new ClosedChannelException());
                        return;
                    }
                }
            }
            super.write(ctx, msg, promise);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
            if (cause instanceof java.io.IOException) {
                closedBeforeAnswer(ctx.channel());
            }
            super.exceptionCaught(ctx, cause);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            closedBeforeAnswer(ctx.channel());
            super.channelInactive(ctx);
        }

        /**
         * Only within {@link #STALE_WITHIN} of the write: a provider's close that crossed the request on the wire
         * comes within a round trip; a later one may end work the provider began (found by a probe: a provider that
         * worked 2 s and then closed got the request four times). Only while the call still holds the connection:
         * one abandoned has had its connection closed by us.
         */
        private void closedBeforeAnswer(Channel channel) {
            if (unanswered != 0 && System.nanoTime() - writtenAt <= staleWithinNanos
                    && calls.get(unanswered) == channel) {
                closedUnanswered.add(unanswered);
            }
            unanswered = 0;
        }
    }
}
