package dev.sluice.adapters.http.edge;

/** The size of a WebSocket message the server reads, whole or in fragments. */
public final class WebSocketMessages {

    /**
     * The largest message read: the default of {@code sluice.server.max-parsed-body-size}, what the HTTP form of the
     * universal endpoint takes (an annotation needs a constant). Larger closes the socket with 1009 (Message Too Big).
     */
    public static final int MAX_BYTES = 11 * 1024 * 1024;

    private WebSocketMessages() {
    }
}
