package dev.sluice.adapters.http.edge;

import dev.sluice.domain.exchange.ByteBudget;
import io.micronaut.websocket.WebSocketSession;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a WebSocket message over 64 KiB took of the request-body budget as its frames arrived ({@link
 * WebSocketFrameHeads}), handed to whoever reads the message: it is on the session ({@link #ATTRIBUTE}) while the
 * message is delivered, and the reader that takes it ({@link #take}) gives it back once the message's request is
 * answered, as an HTTP request's body is held until its answer. One nobody takes goes back as soon as the message has
 * been delivered. Given back once, from any thread.
 */
public final class WebSocketMessageShare implements Runnable {

    /** The session attribute a message's share is on while the message is delivered. */
    public static final String ATTRIBUTE = "sluice.websocket-message-share";
    private static final Runnable NONE = () -> {
    };

    private final ByteBudget budget;
    private final long bytes;
    private final AtomicBoolean given = new AtomicBoolean();

    WebSocketMessageShare(ByteBudget budget, long bytes) {
        this.budget = budget;
        this.bytes = bytes;
    }

    /** Takes over the share of the message being delivered on {@code session}: run it once done (nothing, if none). */
    public static Runnable take(WebSocketSession session) {
        Optional<WebSocketMessageShare> share = session.get(ATTRIBUTE, WebSocketMessageShare.class);
        if (share.isEmpty()) {
            return NONE;
        }
        session.remove(ATTRIBUTE);
        return share.get();
    }

    /** Gives the share back to the budget (once; later calls do nothing). */
    @Override
    public void run() {
        if (given.compareAndSet(false, true)) {
            budget.give(bytes);
        }
    }
}
