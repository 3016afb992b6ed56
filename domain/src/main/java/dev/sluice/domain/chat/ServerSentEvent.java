package dev.sluice.domain.chat;

import java.util.Objects;

/** One event of a {@code text/event-stream}: its {@code event:} name (empty when none) and its data. */
public record ServerSentEvent(String event, String data) {

    public ServerSentEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
    }
}
