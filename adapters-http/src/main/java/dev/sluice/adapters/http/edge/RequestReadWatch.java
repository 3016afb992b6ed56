package dev.sluice.adapters.http.edge;

import dev.sluice.adapters.http.error.ErrorSurface;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Cuts off a client that is slow to send its request (slowloris). A request's header block must be
 * whole within the header timeout of its first byte (of the connection's opening, for the first
 * request), however it is dripped; a body must not stall longer than the body timeout while the server
 * is asking for more of it. The client gets a 408 in the error envelope and the connection is closed;
 * where a response has begun and a 408 cannot be written, the connection is only closed.
 *
 * <p>It sits beneath the HTTP codec, where bytes arrive and the server's read requests pass, and learns
 * from {@link MessageBoundaries} above the codec where requests and responses begin and end. Nothing is
 * timed while a response is pending, so a long stream to a client that reads it slowly is never cut;
 * an idle keep-alive connection between requests is left to {@code micronaut.server.idle-timeout}.
 * One gap: the first bytes of a pipelined request that arrive in the same read as the end of the one
 * before are not seen as a new request, so its headers fall to the idle timeout instead.
 * Only the event loop of its channel touches it.
 */
final class RequestReadWatch extends ChannelDuplexHandler {

    private final long headerNanos;
    private final long bodyNanos;
    private final EdgeAnswers answers;
    private final RequestLineStarts lineStart = new RequestLineStarts();
    private ChannelHandlerContext ctx;

    /** Headers are awaited since {@link #headersSince}: the connection opened, or a request's first byte came. */
    private boolean awaitingHeaders;
    private long headersSince;
    private boolean headerBytesSeen;
    /** The server asked for bytes at {@link #askedSince} and none have come yet. */
    private boolean asked;
    private long askedSince;
    private boolean bodyOpen;
    private ErrorSurface surface = ErrorSurface.DATA_PLANE;
    private int requests;
    private int responsesStarted;
    private int responsesEnded;
    private long lastResponseEnd;

    private ScheduledFuture<?> check;
    private long checkAt;

    RequestReadWatch(Duration headerTimeout, Duration bodyStallTimeout, EdgeAnswers answers) {
        this.headerNanos = headerTimeout.toNanos();
        this.bodyNanos = bodyStallTimeout.toNanos();
        this.answers = answers;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        awaitingHeaders = true;
        headersSince = System.nanoTime();
        lastResponseEnd = headersSince;
        arm();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        asked = false;
        if (!bodyOpen) {
            if (!awaitingHeaders) {
                awaitingHeaders = true;
                headersSince = System.nanoTime();
            }
            if (!headerBytesSeen) {
                lineStart.restart();
            }
            headerBytesSeen = true;
            lineStart.add(msg);
            arm();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (!asked) {
            asked = true;
            askedSince = System.nanoTime();
            if (bodyOpen) {
                arm();
            }
        }
        ctx.read();
    }

    /**
     * The surface of the request line being read, from its first bytes ({@link RequestLineStarts}), for a line the
     * codec refused and kept none of. A pipelined request whose start came in the same read as the end of the one
     * before (the gap above) is the data plane's, or read from a later part of its line.
     */
    ErrorSurface lineSurface() {
        return lineStart.surface();
    }

    void headersArrived(ErrorSurface surface, boolean wholeRequest) {
        requests++;
        lineStart.restart();
        awaitingHeaders = false;
        headerBytesSeen = false;
        bodyOpen = !wholeRequest;
        this.surface = surface;
        arm();
    }

    void bodyArrived() {
        bodyOpen = false;
    }

    void responseStarted() {
        responsesStarted++;
    }

    void responseEnded() {
        responsesEnded++;
        lastResponseEnd = System.nanoTime();
        arm();
    }

    /** Headers are timed only when every request so far is answered: no response is held up by them. */
    private boolean headersTimed() {
        return awaitingHeaders && responsesEnded == requests;
    }

    private boolean bodyTimed() {
        return bodyOpen && asked;
    }

    private long headerDeadline() {
        return Math.max(headersSince - lastResponseEnd, 0) + lastResponseEnd + headerNanos;
    }

    private void arm() {
        long deadline = Long.MAX_VALUE;
        if (headersTimed()) {
            deadline = headerDeadline();
        }
        if (bodyTimed()) {
            deadline = Math.min(deadline, askedSince + bodyNanos);
        }
        if (deadline == Long.MAX_VALUE || (check != null && checkAt - deadline <= 0)) {
            return;
        }
        cancel();
        checkAt = deadline;
        check = ctx.executor().schedule(this::expire, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void expire() {
        check = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        if (headersTimed() && now - headerDeadline() >= 0) {
            // A connection that never sent a byte gets no answer: there is no request to answer. One that did is answered
            // in the error body of the surface its request line names, as far as it came (the data plane's otherwise).
            timeOut(headerBytesSeen, headerBytesSeen ? lineStart.surface() : ErrorSurface.DATA_PLANE);
        } else if (bodyTimed() && now - (askedSince + bodyNanos) >= 0) {
            timeOut(responsesStarted == responsesEnded && responsesEnded == requests - 1, surface);
        } else {
            arm();
        }
    }

    private void timeOut(boolean answer, ErrorSurface surface) {
        bodyOpen = false;
        awaitingHeaders = false;
        if (answer) {
            ctx.writeAndFlush(answers.timedOut(surface)).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    private void cancel() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }
}
