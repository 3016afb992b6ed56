package dev.sluice.adapters.http.edge;

import io.micronaut.core.order.Ordered;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
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
