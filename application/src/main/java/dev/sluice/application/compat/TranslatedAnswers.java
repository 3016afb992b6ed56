package dev.sluice.application.compat;

import dev.sluice.domain.chat.ChatSurface;
import dev.sluice.domain.chat.ProviderError;
import dev.sluice.domain.exchange.Bodies;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.error.Failures;
import dev.sluice.domain.exchange.BodyExcerpt;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * What translated answers share: reading a provider's whole answer (bounded), writing an answer in the
 * client's words with the provider's own headers kept (less those that described the provider's body),
 * and turning a provider's error or an unreadable answer into the client's error shape.
 */
final class TranslatedAnswers {

    /** The largest whole answer read for translation; a longer one is refused rather than held. */
    static final long MAX_ANSWER = 16L * 1024 * 1024;
    /** The most of an error body read: its message is near the start. */
    static final long MAX_ERROR = 256L * 1024;
    private static final int EXCERPT = 300;

    private TranslatedAnswers() {
    }

    /** The provider's answer read whole, then made into the client's by {@code translate}. */
    static CompletionStage<UpstreamResponse> whole(UpstreamResponse response, ChatSurface surface,
                                                   Function<byte[], byte[]> translate,
                                                   Function<byte[], ProviderError> error) {
        if (!response.successful()) {
            return Bodies.collect(response.body(), MAX_ERROR)
                    .handle((body, failure) -> json(response, response.status(), surface.error(failure == null
                            ? error.apply(body)
                            : new ProviderError(ProviderError.typeFor(response.status()),
                            "the provider answered " + response.status() + " with an unreadable body", java.util.Optional.empty()))));
        }
        return Bodies.collect(response.body(), MAX_ANSWER).handle((body, failure) -> {
            if (failure != null) {
                return json(response, 502, surface.error(unreadable("its answer could not be read: "
                        + Failures.cause(failure).getMessage())));
            }
            try {
                return json(response, response.status(), translate.apply(body));
            } catch (RuntimeException e) {
                // Whatever a provider sends that its dialect cannot read is the provider's fault, never a 500.
                return json(response, 502, surface.error(unreadable("its answer was not what it documents ("
                        + e.getMessage() + "): " + excerpt(body))));
            }
        });
    }

    /** A pass-through provider's error, read up to {@link #MAX_ERROR}, in the client's error shape. */
    static CompletionStage<UpstreamResponse> passedError(UpstreamResponse response, ChatSurface surface) {
        return Bodies.collect(response.body(), MAX_ERROR).handle((body, failure) -> json(response, response.status(),
                failure == null ? surface.passedError(response.status(), body)
                        : surface.error(new ProviderError(ProviderError.typeFor(response.status()),
                        "the provider answered " + response.status() + " with an unreadable body",
                        java.util.Optional.empty()))));
    }

    static ProviderError unreadable(String what) {
        return new ProviderError("api_error", "The provider answered, but " + what, java.util.Optional.of("bad_gateway"));
    }

    static UpstreamResponse json(UpstreamResponse from, int status, byte[] body) {
        return new UpstreamResponse(status, rewritten(from.headers(), "application/json"), Bodies.of(body));
    }

    static UpstreamResponse stream(UpstreamResponse from, java.util.concurrent.Flow.Publisher<byte[]> body) {
        return new UpstreamResponse(from.status(), rewritten(from.headers(), "text/event-stream"), body);
    }

    /** The provider's headers, less those about its body, with the client's content type. */
    private static Headers rewritten(Headers headers, String contentType) {
        List<Header> kept = new ArrayList<>();
        for (Header header : headers.all()) {
            if (!header.is("content-type") && !header.is("content-length") && !header.is("content-encoding")
                    && !header.is("transfer-encoding") && !header.is("etag")) {
                kept.add(header);
            }
        }
        kept.add(new Header("content-type", contentType));
        return new Headers(kept);
    }

    static String excerpt(byte[] body) {
        return BodyExcerpt.of(body, EXCERPT);
    }
}
