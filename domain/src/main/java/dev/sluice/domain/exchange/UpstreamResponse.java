package dev.sluice.domain.exchange;

import dev.sluice.domain.header.ContentTypes;
import dev.sluice.domain.header.Headers;

import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * A provider's answer: status and headers as soon as they arrive, and the body as a stream of chunks
 * that is passed on as it comes. Whoever does not forward the body must {@link #discard()} it, so the
 * upstream connection is released.
 */
public record UpstreamResponse(int status, Headers headers, Flow.Publisher<byte[]> body) {

    public UpstreamResponse {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    /** Whether the answer says it is an event stream. */
    public boolean eventStream() {
        return headers.first("content-type").map(ContentTypes::isEventStream).orElse(false);
    }

    public boolean successful() {
        return status >= 200 && status < 300;
    }

    public void discard() {
        body.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.cancel();
            }

            @Override
            public void onNext(byte[] item) {
            }

            @Override
            public void onError(Throwable throwable) {
            }

            @Override
            public void onComplete() {
            }
        });
    }
}
