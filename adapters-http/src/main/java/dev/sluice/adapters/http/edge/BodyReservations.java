package dev.sluice.adapters.http.edge;

import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

import java.util.ArrayDeque;

/**
 * One connection's shares of the {@link RequestBodyBudget}: one for each request passed on and not yet answered, in
 * the order their answers come (HTTP/1.1 answers requests in order). A body with a {@code Content-Length} over
 * {@link RequestBodyBudget#SMALL} takes its share whole when its head arrives; a chunked one as its chunks pass that
 * size. A share is given back when its request's answer ends, and all of them when the connection closes. Only the
 * event loop of its channel touches it.
 */
final class BodyReservations {

    /** The share of a request that takes none: small, or answered. */
    private static final Share NONE = new Share();

    private final RequestBodyBudget budget;
    private final ArrayDeque<Share> unanswered = new ArrayDeque<>(2);
    /** The request whose body is being read, while it may still grow past what it took. */
    private Share reading = NONE;

    BodyReservations(RequestBodyBudget budget) {
        this.budget = budget;
    }

    /** A request's head: false when its declared body would pass the budget (nothing is taken then). */
    boolean head(HttpRequest request) {
        long declared = declaredLength(request);
        Share share = NONE;
        if (declared > RequestBodyBudget.SMALL) {
            if (!budget.reserve(declared)) {
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
        if (share.seen <= RequestBodyBudget.SMALL) {
            return true;
        }
        long more = share.seen - share.bytes;
        if (!budget.reserve(more)) {
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
            budget.release(share.bytes);
            share.bytes = 0;
            share.growing = false;
        }
    }

    private static long declaredLength(HttpRequest request) {
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
