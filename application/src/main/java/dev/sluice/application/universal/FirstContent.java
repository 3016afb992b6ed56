package dev.sluice.application.universal;

import dev.sluice.domain.chat.ServerSentEvent;
import dev.sluice.domain.chat.SseDecoder;
import dev.sluice.domain.chat.StreamEnding;
import dev.sluice.domain.exchange.Bodies;
import dev.sluice.domain.exchange.FirstChunk;
import dev.sluice.domain.exchange.UpstreamResponse;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A streamed answer held until its first chunk ({@link FirstChunk}), so a step whose stream fails before the
 * client has seen anything can still fall back: a stream that ends, fails or stays silent past the step's
 * timeout before its first chunk, or whose first event is an error event (then read to its end, so its log
 * entry is whole), is given up (empty). Otherwise the answer is committed: the same response, whose body starts
 * with the held chunk and goes on with the rest of the provider's stream, unbuffered, and ends with the
 * provider-format error event if the provider's stream fails after that.
 */
final class FirstContent {

    private FirstContent() {
    }

    /**
     * @param errorEvent what ends the committed stream, in the provider's format, if the provider's stream
     *                   fails after content was sent: the client reads a failed answer, never a whole one
     */
    static CompletionStage<Optional<UpstreamResponse>> await(UpstreamResponse response, Optional<Duration> timeout,
                                                             byte[] errorEvent, ScheduledExecutorService scheduler) {
        FirstChunk watch = FirstChunk.watch(response, errorEvent);
        Optional<ScheduledFuture<?>> timer = timeout.map(limit -> scheduler.schedule(watch::giveUp, limit.toMillis(),
                TimeUnit.MILLISECONDS));
        return watch.answer().handle((committed, failure) -> {
            timer.ifPresent(pending -> pending.cancel(false));
            byte[] first = failure == null ? watch.first() : null;
            if (first == null) {
                return Optional.empty();
            }
            if (isError(first)) {
                // Read to its end rather than cut: the step's log entry keeps its status and its error.
                Bodies.collect(committed.body(), UniversalService.MAX_FAILED_BODY);
                return Optional.empty();
            }
            return Optional.of(committed);
        });
    }

    /** An event stream whose first event is an error (Anthropic's {@code event: error}, a {@code data: {"error":…}}). */
    static boolean isError(byte[] chunk) {
        SseDecoder decoder = new SseDecoder();
        List<ServerSentEvent> events = decoder.read(chunk);
        if (events.isEmpty()) {
            events = decoder.end();
        }
        if (events.isEmpty()) {
            return false;
        }
        return StreamEnding.isError(events.get(0));
    }
}
