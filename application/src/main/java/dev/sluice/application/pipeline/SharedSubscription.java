package dev.sluice.application.pipeline;

import java.util.concurrent.Flow;

/**
 * The subscription to a body that others read too (a stream coalesced requests share): its reader may leave it
 * without stopping it, and still be told what comes of it. The log's observation of a leader whose client left then
 * counts what the provider went on sending for the others, as the provider charged it.
 */
public interface SharedSubscription extends Flow.Subscription {

    /**
     * Leaves the body, as {@link #cancel()} does, unless it goes on being read (others read it, or it has ended): then
     * the rest of it goes to {@code rest}, unasked and without holding anyone back, to its end, and this is
     * {@code true}. {@code rest}'s {@code onSubscribe} is not called.
     */
    boolean detach(Flow.Subscriber<byte[]> rest);
}
