package dev.sluice.adapters.http.edge;

import io.micronaut.core.order.Ordered;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import jakarta.inject.Singleton;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Whether the server is stopping: its graceful shutdown has begun (told first, at the highest precedence, before the
 * server's own listener closes its connections), or the process is shutting down. On SIGTERM Micronaut's server
 * closes its WebSocket channels before any graceful shutdown is told, so the process's own state is asked too. So {@link WebSocketCloses} can tell the shutdown's close of a WebSocket
 * from any other and say goodbye (1001) once the socket's answers are written, and a socket can refuse a request
 * that arrives after the stop began but before the server got round to its connection.
 */
@Singleton
public final class ServerStopping implements GracefulShutdownCapable, Ordered {

    /** Never registered: removing it fails once the process has begun to shut down, and only then. */
    private static final Thread PROBE = new Thread(() -> { });

    private volatile boolean stopping;

    @Override
    public CompletionStage<?> shutdownGracefully() {
        stopping = true;
        return CompletableFuture.completedFuture(null);
    }

    public boolean stopping() {
        if (!stopping && processStopping()) {
            stopping = true;
        }
        return stopping;
    }

    /**
     * A connection's close, from the handler at {@code ctx}: while stopping, it waits for what was already written to
     * reach the socket. The graceful shutdown closed a connection whose answer's end had been handed over but not yet
     * sent (a fast answer, the mock's stream), and its client got a cut answer that the log said was whole. Only while
     * stopping: any other close (a timeout, a client gone) must not wait on a reader that may never read.
     */
    void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        ChannelOutboundBuffer pending = ctx.channel().unsafe().outboundBuffer();
        if (pending != null && pending.totalPendingWriteBytes() > 0 && stopping()) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(sent -> ctx.close(promise));
            return;
        }
        ctx.close(promise);
    }

    private static boolean processStopping() {
        try {
            Runtime.getRuntime().removeShutdownHook(PROBE);
            return false;
        } catch (IllegalStateException shutdownInProgress) {
            return true;
        }
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }
}
