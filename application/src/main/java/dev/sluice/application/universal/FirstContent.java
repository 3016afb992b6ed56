package dev.sluice.application.universal;

import dev.sluice.domain.exchange.Bodies;
import dev.sluice.domain.exchange.FirstChunk;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.json.JsonObjectReader;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A streamed answer held until the client would see content ({@link StreamOpening}: its opening events, such as
 * OpenAI's role chunk or Anthropic's {@code message_start}, are held with it), so a step whose stream fails before
 * the client has seen content can still fall back: a stream that stays silent past the step's timeout before its
 * first chunk, or ends or fails before content, or whose first event after its opening is an error event (then read
 * to its end, so its log entry is whole), is given up (empty). Otherwise the answer is committed: the same response, whose body starts
 * with what was held and goes on with the rest of the provider's stream, unbuffered, and ends with the
 * provider-format error event if the provider's stream fails after that.
 */
final class FirstContent {

    private FirstContent() {
    }

    /**
     * @param errorEvent what ends the committed stream, in the provider's format, if the provider's stream
     *                   fails after content was sent: the client reads a failed answer, never a whole one
     * @param clientGone completes when the request's client leaves: the wait is given up then, and the provider's
     *                   call with it, rather than held until the provider next sends something
     */
    static CompletionStage<Optional<UpstreamResponse>> await(UpstreamResponse response, Optional<Duration> timeout,
                                                             byte[] errorEvent, ScheduledExecutorService scheduler,
                                                             JsonObjectReader json, CompletionStage<?> clientGone) {
        StreamOpening opening = new StreamOpening(json);
        AtomicBoolean spoke = new AtomicBoolean();
        FirstChunk watch = FirstChunk.watch(response, errorEvent, chunk -> {
            spoke.set(true);
            return opening.test(chunk);
        });
        // The step's timeout is to its first chunk, as Cloudflare's: a model that thinks long after its opening (a
        // reasoning model's role chunk) is not given up; a provider silent for good is cut by the upstream timeout.
        Optional<ScheduledFuture<?>> timer = timeout.map(limit -> scheduler.schedule(() -> {
            if (!spoke.get()) {
                watch.giveUp();
            }
        }, limit.toMillis(), TimeUnit.MILLISECONDS));
        clientGone.thenRun(() -> watch.giveUp(false));
        return watch.answer().handle((committed, failure) -> {
            timer.ifPresent(pending -> pending.cancel(false));
            if (failure != null) {
                return Optional.empty();
            }
            if (!opening.content() && !opening.error()) {
                opening.end();
            }
            if (opening.error()) {
                // Read to its end rather than cut: the step's log entry keeps its status and its error.
                Bodies.collect(committed.body(), UniversalService.MAX_FAILED_BODY);
                return Optional.empty();
            }
            // A stream that ended before content (nothing, or only its opening) is a cut answer: the next step's.
            return opening.content() ? Optional.of(committed) : Optional.empty();
        });
    }
}
