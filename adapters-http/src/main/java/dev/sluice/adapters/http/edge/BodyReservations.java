package dev.sluice.adapters.http.edge;

import dev.sluice.domain.exchange.ByteBudget;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

import java.util.ArrayDeque;

/**
 * What the request bodies in flight on all connections may hold together ({@code sluice.server.request-body-budget}),
 * one connection's part of it. Every request keeps its body whole until it is answered (to send it on with its length,
 * to retry it, to log it), and several large ones at once ran the 128 MB heap out, failing every request in flight
 * with them. A body over {@link #SMALL} takes its share when its head arrives (by its {@code Content-Length}) or as its
 * chunks pass that size; one that would pass the budget is refused with 503 (2115) and {@code Retry-After} before it
 * is read ({@link MessageBoundaries}). A share goes back when its request's answer ends (HTTP/1.1 answers requests in
 * order), and all of them when the connection closes. Bodies up to {@link #SMALL} are not counted, so an ordinary
 * request pays one comparison. Only the event loop of its channel touches it.
 */
final class BodyReservations {

    /** Bodies up to this size are not counted. */
    static final long SMALL = 64 * 1024;

    /** The share of a request that takes none: small, or answered. */
    private static final Share NONE = new Share();

    private final ByteBudget budget;
    private final ArrayDeque<Share> unanswered = new ArrayDeque<>(2);
    /** The request whose body is being read, while it may still grow past what it took. */
    private Share reading = NONE;

    BodyReservations(ByteBudget budget) {
        this.budget = budget;
    }

    /**
     * A request's head, {@code declared} its {@link #declaredLength}: false when that would pass the budget (nothing
     * is taken then).
     */
    boolean head(HttpRequest request, long declared) {
        Share share = NONE;
        if (declared > SMALL) {
            if (!budget.take(declared)) {
                return false;
            }
            share = new Share();
            share.bytes = declared;
        } else if (declared < 0 && HttpUtil.isTransferEncodingChunked(request)) {
            share = new Share();
            share.growing = true;
        }
        unanswered.addLast(share);
        reading = share;
        return true;
    }

    /** Bytes of the body being read: false when a chunked body passed the budget with them. */
    boolean body(int bytes) {
        Share share = reading;
        if (!share.growing) {
            return true;
        }
        share.seen += bytes;
        if (share.seen <= SMALL) {
            return true;
        }
        long more = share.seen - share.bytes;
        if (!budget.take(more)) {
            return false;
        }
        share.bytes += more;
        return true;
    }

    /** The body being read is whole: it takes no more. */
    void bodyEnded() {
        reading.growing = false;
        reading = NONE;
    }

    /** The oldest unanswered request's answer ended: its share goes back. */
    void answered() {
        Share share = unanswered.pollFirst();
        if (share != null) {
            giveBack(share);
        }
    }

    /** The connection closed, or a request was refused and it will: every share goes back. */
    void releaseAll() {
        for (Share share = unanswered.pollFirst(); share != null; share = unanswered.pollFirst()) {
            giveBack(share);
        }
        reading = NONE;
    }

    private void giveBack(Share share) {
        if (share != NONE) {
            budget.give(share.bytes);
            share.bytes = 0;
            share.growing = false;
        }
    }

    /** The request's Content-Length, -1 when it has none (or one the codec will refuse itself). */
    static long declaredLength(HttpRequest request) {
        try {
            return HttpUtil.getContentLength(request, -1L);
        } catch (NumberFormatException malformed) {
            return -1;
        }
    }

    private static final class Share {
        long bytes;
        long seen;
        boolean growing;
    }
}
