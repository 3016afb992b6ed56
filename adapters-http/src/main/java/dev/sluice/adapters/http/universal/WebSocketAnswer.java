package dev.sluice.adapters.http.universal;

import dev.sluice.application.pipeline.ProxiedResponse;
import dev.sluice.application.universal.UniversalAnswer;
import dev.sluice.domain.chat.ServerSentEvent;
import dev.sluice.domain.chat.SseDecoder;
import dev.sluice.domain.error.ErrorCode;
import dev.sluice.domain.error.Failures;
import dev.sluice.domain.exchange.Bodies;
import dev.sluice.domain.header.ContentTypes;
import io.micronaut.json.JsonMapper;
import io.micronaut.websocket.WebSocketSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * One universal answer written to a WebSocket in Cloudflare's messages: a whole answer as one
 * {@code universal.created} with the provider's JSON body as {@code response}; a stream as
 * {@code universal.created} (metadata only), a {@code universal.stream} per event as it arrives (its data
 * parsed as JSON where it is JSON) and {@code universal.done}. Messages of one answer are sent in order,
 * each after the last was written, and the provider's stream is read no faster than the socket takes it.
 */
final class WebSocketAnswer {

    private static final long MAX_WHOLE = 16L * 1024 * 1024;

    private final JsonMapper json;
    private final WebSocketSession session;
    private final String eventId;
    private final UniversalAnswer answer;

    WebSocketAnswer(JsonMapper json, WebSocketSession session, String eventId, UniversalAnswer answer) {
        this.json = json;
        this.session = session;
        this.eventId = eventId;
        this.answer = answer;
    }

    /** Sends the answer; the stage completes once its last message is written, or could not be. */
    CompletionStage<?> send() {
        ProxiedResponse proxied = answer.response();
        String contentType = proxied.response().headers().first("content-type").orElse("");
        if (ContentTypes.isEventStream(contentType)) {
            Relay relay = new Relay(contentType);
            write(message("universal.created", metadata(contentType, true), null)).whenComplete((written, failure) -> {
                if (failure == null) {
                    proxied.response().body().subscribe(relay);
                } else {
                    relay.finished.complete(null);
                }
            });
            return relay.finished;
        }
        return Bodies.collect(proxied.response().body(), MAX_WHOLE).handle((body, failure) -> write(failure == null
                ? message("universal.created", metadata(contentType, true), parsed(new String(body, StandardCharsets.UTF_8)))
                : unreadable(contentType, Failures.cause(failure)))).thenCompose(written -> written.handle((ok, no) -> null));
    }

    /**
     * A whole answer whose body could not be read to its end (the provider cut it short, or it is larger
     * than a message may carry): a {@code universal.error} with the step and log id, not a
     * {@code universal.created} that would pass for a success without its body.
     */
    private Map<String, Object> unreadable(String contentType, Throwable failure) {
        String reason = failure instanceof Bodies.TooLarge
                ? "The provider's answer is larger than " + MAX_WHOLE / (1024 * 1024) + " MiB, more than one message carries"
                : "The provider's answer ended before its end";
        Map<String, Object> metadata = metadata(contentType, true);
        Map<String, Object> error = message("universal.error", metadata, null);
        error.put("error", List.of(Map.of("code", ErrorCode.PROVIDER_FAILED.code(), "message", reason)));
        return error;
    }

    private Map<String, Object> metadata(String contentType, boolean full) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("eventId", eventId);
        if (full) {
            ProxiedResponse proxied = answer.response();
            metadata.put("cacheStatus", proxied.cacheStatus().name());
            metadata.put("logId", proxied.logId());
            metadata.put("step", Integer.toString(answer.step()));
            metadata.put("status", proxied.response().status());
            metadata.put("contentType", contentType);
        }
        return metadata;
    }

    private static Map<String, Object> message(String type, Map<String, Object> metadata, Object response) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", type);
        message.put("metadata", metadata);
        if (response != null) {
            message.put("response", response);
        }
        return message;
    }

    /** JSON as a value where it is JSON, else the text itself. */
    private Object parsed(String text) {
        try {
            Object value = json.readValue(text, Object.class);
            return value == null ? text : value;
        } catch (IOException | RuntimeException e) {
            return text;
        }
    }

    private CompletableFuture<?> write(Map<String, Object> message) {
        try {
            return session.sendAsync(json.writeValueAsString(message));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Reads the stream one chunk at a time, asking for the next once the last one's messages are written. Every
     * message goes after the ones before it, the end's included: a stream may end (or fail) without being asked,
     * while the last chunk's messages are still being written.
     */
    private final class Relay implements Flow.Subscriber<byte[]> {

        private final String contentType;
        private final SseDecoder events = SseDecoder.bounded(SseDecoder.MAX_EVENT_BYTES);
        /** Completes once the last message is written (or could not be), or the stream is given up. */
        private final CompletableFuture<Void> finished = new CompletableFuture<>();
        private Flow.Subscription subscription;
        /** The last message's write: the next one waits for it. Touched by the publisher's signals, one at a time. */
        private CompletableFuture<?> written = CompletableFuture.completedFuture(null);

        Relay(String contentType) {
            this.contentType = contentType;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(byte[] chunk) {
            List<ServerSentEvent> read;
            try {
                read = events.read(chunk);
            } catch (RuntimeException | OutOfMemoryError tooLarge) {
                // An event past the decoder's bound: the stream ends here, as one that failed.
                subscription.cancel();
                onError(tooLarge);
                return;
            }
            for (ServerSentEvent event : read) {
                written = written.thenCompose(ignored -> stream(event));
            }
            written.whenComplete((ignored, failure) -> {
                if (failure != null || !session.isOpen()) {
                    subscription.cancel();
                    finished.complete(null);
                } else {
                    subscription.request(1);
                }
            });
        }

        private CompletableFuture<?> stream(ServerSentEvent event) {
            if (event.data().equals("[DONE]")) {
                return CompletableFuture.completedFuture(null);
            }
            return write(message("universal.stream", metadata(contentType, false), parsed(event.data())));
        }

        @Override
        public void onError(Throwable error) {
            Map<String, Object> metadata = metadata(contentType, true);
            metadata.put("error", "The provider's stream failed before its end");
            written = written.handle((ignored, failure) -> null).thenCompose(ignored -> write(message("universal.done",
                    metadata, null)));
            written.whenComplete((ignored, failure) -> finished.complete(null));
        }

        @Override
        public void onComplete() {
            for (ServerSentEvent event : events.end()) {
                written = written.thenCompose(ignored -> stream(event));
            }
            written = written.thenCompose(ignored -> write(message("universal.done", metadata(contentType, true), null)));
            written.whenComplete((ignored, failure) -> finished.complete(null));
        }
    }
}
