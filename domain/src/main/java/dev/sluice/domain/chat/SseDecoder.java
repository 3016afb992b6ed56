package dev.sluice.domain.chat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code text/event-stream} as its chunks arrive, split wherever the network split them: each
 * call returns the events the chunk completed and keeps the partial line for the next. Lines end in LF,
 * CR LF or CR; {@code data:} lines of one event are joined with LF; comments and {@code id:} and
 * {@code retry:} fields are skipped. Not thread-safe: one stream, one reader at a time.
 * <p>A decoder made {@link #bounded} refuses an event larger than its bound ({@link EventTooLargeException}) as soon as
 * it is read that far, rather than gathering it: one event is held whole, as bytes, as text and then as what its
 * reader makes of it, several times its size at once (found by a probe: a provider's 10 MB event ran the heap out and
 * the client's stream hung until the upstream timeout).
 */
public final class SseDecoder {

    /** The largest event a stream translated or relayed event by event holds at once. */
    public static final int MAX_EVENT_BYTES = 4 * 1024 * 1024;

    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final StringBuilder data = new StringBuilder();
    private String event = "";
    private boolean hasData;
    private boolean afterCr;
    private int boundary = -1;
    private final int maxEventBytes;

    /** A decoder of stored or already bounded bodies: any event is read whole. */
    public SseDecoder() {
        this(Integer.MAX_VALUE);
    }

    private SseDecoder(int maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    /** A decoder that refuses an event over {@code maxEventBytes} (its lines, as they came) once it has read that far. */
    public static SseDecoder bounded(int maxEventBytes) {
        return new SseDecoder(maxEventBytes);
    }

    /** @throws EventTooLargeException when a bounded decoder's event grows past its bound */
    public List<ServerSentEvent> read(byte[] chunk) {
        List<ServerSentEvent> events = new ArrayList<>(2);
        boundary = -1;
        for (int i = 0; i < chunk.length; i++) {
            byte b = chunk[i];
            if (afterCr && b == '\n') {
                afterCr = false;
                continue;
            }
            afterCr = b == '\r';
            if (b == '\n' || b == '\r') {
                if (line.size() == 0) {
                    boundary = i + 1;
                }
                endLine(events);
            } else {
                if (line.size() + data.length() >= maxEventBytes) {
                    throw new EventTooLargeException(maxEventBytes);
                }
                line.write(b);
            }
        }
        return events;
    }

    /**
     * Where, in the chunk last read, the last blank line it held ended: the bytes before it (with those of earlier
     * chunks since the one before) are whole events, those after it the start of one still coming; -1 when it held
     * none. For a stream passed on as it came, so that what goes on is only ever whole events.
     */
    public int boundary() {
        return boundary;
    }

    /** The stream ended: an event its provider did not close with a blank line still counts. */
    public List<ServerSentEvent> end() {
        List<ServerSentEvent> events = new ArrayList<>(1);
        if (line.size() > 0) {
            endLine(events);
        }
        dispatch(events);
        return events;
    }

    private void endLine(List<ServerSentEvent> events) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.isEmpty()) {
            dispatch(events);
            return;
        }
        if (text.startsWith(":")) {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("data")) {
            if (hasData) {
                data.append('\n');
            }
            data.append(value);
            hasData = true;
        } else if (field.equals("event")) {
            event = value;
        }
    }

    private void dispatch(List<ServerSentEvent> events) {
        if (hasData) {
            events.add(new ServerSentEvent(event, data.toString()));
        }
        data.setLength(0);
        hasData = false;
        event = "";
    }

    /** An event of a bounded stream is larger than its decoder takes. */
    public static final class EventTooLargeException extends RuntimeException {

        EventTooLargeException(int maxEventBytes) {
            super("one of its events is larger than " + maxEventBytes + " bytes, the most read at once");
        }
    }
}
