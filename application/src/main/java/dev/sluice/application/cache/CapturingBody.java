package dev.sluice.application.cache;

import dev.sluice.application.pipeline.TappedBody;
import dev.sluice.domain.cache.CachedResponse;
import dev.sluice.domain.chat.StreamEnding;
import dev.sluice.domain.exchange.UpstreamResponse;

import java.io.ByteArrayOutputStream;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Passes a response body on unchanged while keeping a copy. When the body ends cleanly, within the size
 * limit and as long as its {@code Content-Length} said, the copy is handed over as a cacheable response;
 * an error, a cancelled or an oversized body, or one its reader says is not a whole answer, hands over
 * nothing. Exactly one hand-over happens.
 */
final class CapturingBody extends TappedBody {

    private final UpstreamResponse response;
    private final long maxSize;
    private final BooleanSupplier whole;
    private final Consumer<Optional<CachedResponse>> onEnd;

    CapturingBody(UpstreamResponse response, long maxSize, BooleanSupplier whole,
                  Consumer<Optional<CachedResponse>> onEnd) {
        super(response.body());
        this.response = response;
        this.maxSize = maxSize;
        this.whole = whole;
        this.onEnd = onEnd;
    }

    UpstreamResponse response() {
        return new UpstreamResponse(response.status(), response.headers(), this);
    }

    @Override
    protected Tap tap() {
        return new Tap() {
            private ByteArrayOutputStream copy = new ByteArrayOutputStream();

            @Override
            public void chunk(byte[] chunk) {
                if (copy != null) {
                    if (copy.size() + (long) chunk.length > maxSize) {
                        copy = null;
                    } else {
                        copy.write(chunk, 0, chunk.length);
                    }
                }
            }

            @Override
            public void end(boolean clean) {
                ByteArrayOutputStream kept = copy;
                copy = null;
                onEnd.accept(clean && kept != null && whole.getAsBoolean() ? cacheable(response, kept.toByteArray())
                        : Optional.empty());
            }
        };
    }

    /**
     * The answer as an entry, given its whole body as it ended cleanly: none when the body is not as long as its
     * {@code Content-Length} said, or is a provider's stream that reported an error or stopped before its end.
     */
    static Optional<CachedResponse> cacheable(UpstreamResponse response, byte[] body) {
        OptionalLong declared = declaredLength(response);
        if (declared.isPresent() && declared.getAsLong() != body.length) {
            return Optional.empty();
        }
        // A provider's stream that reported an error, or stopped before its closing event, is no answer to replay.
        if (StreamEnding.failed(response.headers().first("content-type").orElse(""), body)) {
            return Optional.empty();
        }
        return Optional.of(CachedResponse.of(response.status(), response.headers(), body));
    }

    private static OptionalLong declaredLength(UpstreamResponse response) {
        try {
            return response.headers().first("content-length")
                    .map(value -> OptionalLong.of(Long.parseLong(value.trim())))
                    .orElse(OptionalLong.empty());
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
