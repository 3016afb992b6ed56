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
 * reader says is not a whole answer, hands over nothing. Exactly one hand-over happens. An answer that says its
 * length is copied into one array of that length as it comes; another keeps its chunks as they came and joins them
 * once at the end (a growing buffer copied each chunk and doubled as it grew), the join taking its room in the budget.
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
            /** Whether the copy is still kept: not once given up (too large, over the budget) or handed over. */
            private boolean keeping = true;
            /** With a {@code Content-Length}: the body's own array, filled as the chunks come (no join at the end). */
            private byte[] declared;
            /** Without one: the chunks as they came, kept rather than copied, joined once at the end. */
            private List<byte[]> chunks;
            private long size;
            /** What the copy took from the budget, given back at the end. */
            private long taken;

            @Override
            public void chunk(byte[] chunk) {
                if (!keeping) {
                    return;
                }
                if (!started()) {
                    giveUp();
                    return;
                }
                if (declared != null) {
                    if (size + chunk.length > declared.length) {
                        giveUp(); // longer than it said: no answer to replay
                        return;
                    }
                    System.arraycopy(chunk, 0, declared, (int) size, chunk.length);
                } else if (size + chunk.length > maxSize || !take(chunk.length)) {
                    giveUp();
                    return;
                } else {
                    chunks.add(chunk);
                }
                size += chunk.length;
            }

            /** Whether the copy has its start (made now if not yet: at the first chunk, or at the end of an empty body). */
            private boolean started() {
                return declared != null || chunks != null || start();
            }

            /**
             * The copy's start: an answer that says its length has its array made and taken from the budget at once,
             * so that its bytes are never held twice (the chunks and their join: three 10 MB answers at once ran the
             * 128 MB heap out beside a full cache); one that does not keeps its chunks.
             */
            private boolean start() {
                OptionalLong length = response.declaredLength();
                if (length.isEmpty()) {
                    chunks = new ArrayList<>();
                    return true;
                }
                if (length.getAsLong() > maxSize || !take(length.getAsLong())) {
                    return false;
                }
                declared = new byte[Math.toIntExact(length.getAsLong())];
                return true;
            }

            @Override
            public void end(boolean clean) {
                try {
                    byte[] body = keeping && clean && started() && whole.getAsBoolean() ? body() : null;
                    keeping = false;
                    onEnd.accept(body == null ? Optional.empty() : cacheable(response, body));
                } finally {
                    giveUp();
                }
            }

            /** The whole body, or null when it cannot be had: shorter than it said, or no room for its join. */
            private byte[] body() {
                if (declared != null) {
                    return size == declared.length ? declared : null;
                }
                byte[] all = KeptChunks.joined(chunks, size, this::take).orElse(null);
                chunks = null;
                return all;
            }

            private boolean take(long bytes) {
                if (!budget.take(bytes)) {
                    return false;
                }
                taken += bytes;
                return true;
            }

            private void giveUp() {
                keeping = false;
                declared = null;
                chunks = null;
                budget.give(taken);
                taken = 0;
                size = 0;
            }
        };
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
