package dev.sluice.application.support;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/** A client reading a body: what it got so far, how it ended, and how much it asks for at first. */
public class BodyReader implements Flow.Subscriber<byte[]> {

    private final StringBuffer got = new StringBuffer();
    public final CompletableFuture<String> ended = new CompletableFuture<>();
    public volatile Flow.Subscription subscription;
    private final long asks;

    /** @param asks what it asks for as it subscribes; 0 to ask only through {@link #subscription} */
    public BodyReader(long asks) {
        this.asks = asks;
    }

    /** A reader that asks for everything, subscribed to {@code body}. */
    public static BodyReader reading(Flow.Publisher<byte[]> body) {
        BodyReader reader = new BodyReader(Long.MAX_VALUE);
        body.subscribe(reader);
        return reader;
    }

    public String got() {
        return got.toString();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (asks > 0) {
            subscription.request(asks);
        }
    }

    @Override
    public void onNext(byte[] item) {
        got.append(new String(item, StandardCharsets.UTF_8));
    }

    @Override
    public void onError(Throwable throwable) {
        ended.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        ended.complete(got.toString());
    }
}
