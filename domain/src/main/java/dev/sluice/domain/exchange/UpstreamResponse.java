package dev.sluice.domain.exchange;

import dev.sluice.domain.header.ContentTypes;
import dev.sluice.domain.header.Headers;

import java.util.Objects;
import java.util.OptionalLong;
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

    /**
     * The body's length as its {@code Content-Length} announces it: digits only (surrounding blanks allowed), as RFC
     * 9110 writes it; empty without one, or with one that is not a length.
     */
    public OptionalLong declaredLength() {
        String value = headers.first("content-length").map(String::strip).orElse("");
        if (value.isEmpty() || value.length() > 18) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(Long.parseLong(value));
    }

    public boolean successful() {
        return status >= 200 && status < 300;
    }

    /**
     * A status whose answer has no body, whatever its {@code Content-Length} says (RFC 9110 15): an interim one, 204,
     * 205, and 304 (its length is the one a 200 would have had).
     */
    public boolean bodiless() {
        return status < 200 || status == 204 || status == 205 || status == 304;
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
