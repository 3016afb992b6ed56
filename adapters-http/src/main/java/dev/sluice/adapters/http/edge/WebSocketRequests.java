package dev.sluice.adapters.http.edge;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The universal requests under way on one WebSocket, kept as a session attribute ({@link #ATTRIBUTE}) so that a
 * graceful shutdown can say goodbye to the socket once their answers are written, not while they are under way.
 * After {@link #goAway} no request may start: a message then is refused.
 */
public final class WebSocketRequests {

    /** The session attribute this is kept under. */
    public static final String ATTRIBUTE = "sluice.websocket-requests";

    private final ServerStopping stopping;
    private final CompletableFuture<Void> gone = new CompletableFuture<>();
    private int inFlight;
    private boolean goingAway;
    private Runnable whenIdle;

    public WebSocketRequests(ServerStopping stopping) {
        this.stopping = stopping;
    }

    /**
     * Completes when the socket's connection closes, whoever closed it: the requests still under way are cancelled by
     * it, and logged as the client's leaving (499), as an HTTP request's are. Found by a probe: a call still waiting for
     * its provider's first byte went on until the upstream timeout (300 s), holding its connection and a concurrency
     * rule's slot, and was logged 504.
     */
    public CompletionStage<Void> gone() {
        return gone;
    }

    /** The socket's connection closed ({@link WebSocketCloses}). */
    void left() {
        gone.complete(null);
    }

    /** A request starts, unless the server is stopping or the socket going away (false: it must be refused). */
    public synchronized boolean start() {
        if (goingAway || stopping.stopping()) {
            return false;
        }
        inFlight++;
        return true;
    }

    /** A request's answer is written, or failed to be: the goodbye runs once the last one ends. */
    public void end() {
        Runnable goodbye;
        synchronized (this) {
            inFlight--;
            if (inFlight > 0 || whenIdle == null) {
                return;
            }
            goodbye = whenIdle;
            whenIdle = null;
        }
        goodbye.run();
    }

    /** No request may start from now; {@code goodbye} runs once none is under way (at once if none is). */
    void goAway(Runnable goodbye) {
        synchronized (this) {
            goingAway = true;
            if (inFlight > 0) {
                whenIdle = goodbye;
                return;
            }
        }
        goodbye.run();
    }
}
