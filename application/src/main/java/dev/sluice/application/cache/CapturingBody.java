package dev.sluice.application.cache;

import dev.sluice.application.pipeline.TappedBody;
import dev.sluice.domain.cache.CachedResponse;
import dev.sluice.domain.chat.ErrorEventScanner;
import dev.sluice.domain.chat.StreamEnding;
import dev.sluice.domain.exchange.ByteBudget;
import dev.sluice.domain.exchange.UpstreamResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Passes a response body on unchanged while keeping a copy. When the body ends cleanly, within the size
 * limit and as long as its {@code Content-Length} said, the copy is handed over as a cacheable response;
 * an error, a cancelled or an oversized body, one whose copy would pass the {@link ByteBudget}, or one its
 * reader says is not a whole answer, hands over nothing. Exactly one hand-over happens. The copy keeps the chunks
 * as they came and joins them once at the end (a growing buffer copied each chunk and doubled as it grew).
 */
final class CapturingBody extends TappedBody {

    private static final int PARTIAL_CONTENT = 206;

    private final UpstreamResponse response;
    private final long maxSize;
    private final BooleanSupplier whole;
    private final Consumer<Optional<CachedResponse>> onEnd;
    private final ByteBudget budget;

    CapturingBody(UpstreamResponse response, long maxSize, ByteBudget budget, BooleanSupplier whole,
                  Consumer<Optional<CachedResponse>> onEnd) {
        super(response.body());
        this.response = response;
        this.maxSize = maxSize;
        this.budget = budget;
        this.whole = whole;
        this.onEnd = onEnd;
    }

    UpstreamResponse response() {
        return new UpstreamResponse(response.status(), response.headers(), this);
    }

    @Override
    protected Tap tap() {
        return new Tap() {
            /** The chunks as they came, kept rather than copied; none once the copy is given up. */
            private List<byte[]> copy = new ArrayList<>();
            private long size;

            @Override
            public void chunk(byte[] chunk) {
                if (copy == null) {
                    return;
                }
                if (size + chunk.length > maxSize || !budget.take(chunk.length)) {
                    giveUp();
                } else {
                    copy.add(chunk);
                    size += chunk.length;
                }
            }

            @Override
            public void end(boolean clean) {
                List<byte[]> kept = copy;
                copy = null;
                try {
                    onEnd.accept(clean && kept != null && whole.getAsBoolean() ? cacheable(response, joined(kept, size))
                            : Optional.empty());
                } finally {
                    budget.give(size);
                    size = 0;
                }
            }

            private void giveUp() {
                copy = null;
                budget.give(size);
                size = 0;
            }
        };
    }

    private static byte[] joined(List<byte[]> chunks, long size) {
        byte[] all = new byte[Math.toIntExact(size)];
        int at = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, all, at, chunk.length);
            at += chunk.length;
        }
        return all;
    }

    /**
     * The answer as an entry, given its whole body as it ended cleanly: none when it is partial (206), when the body
     * is not as long as its {@code Content-Length} said, or is a provider's stream that reported an error (anywhere in
     * it) or stopped before its end.
     */
    static Optional<CachedResponse> cacheable(UpstreamResponse response, byte[] body) {
        // Part of an answer (206), whichever part the request asked for, is no answer to replay.
        if (response.status() == PARTIAL_CONTENT) {
            return Optional.empty();
        }
        OptionalLong declared = response.declaredLength();
        if (declared.isPresent() && declared.getAsLong() != body.length) {
            return Optional.empty();
        }
        // A provider's stream that reported an error, at its end or before, or stopped before its closing event, is no
        // answer to replay. Both captures (this one's and a SharedStream's) come here with the whole body: it is read
        // for error events once, here, rather than chunk by chunk in each.
        String contentType = response.headers().first("content-type").orElse("");
        if (StreamEnding.failed(contentType, body) || ErrorEventScanner.foundIn(contentType, body)) {
            return Optional.empty();
        }
        return Optional.of(CachedResponse.of(response.status(), response.headers(), body));
    }
}
