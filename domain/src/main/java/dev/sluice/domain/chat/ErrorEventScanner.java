package dev.sluice.domain.chat;

import dev.sluice.domain.header.ContentTypes;

/**
 * Finds an error event anywhere in a provider's event stream, read chunk by chunk as it arrives, split wherever the
 * network split it. A provider may report an error in the middle of a stream that goes on after it (more deltas, a
 * {@code data: [DONE]}) and ends cleanly; such an answer is no whole one, though its last event, which
 * {@link StreamEnding} reads, says nothing is wrong. Each line's start is matched byte by byte with the rule of
 * {@link ErrorEvents}, read as {@link SseDecoder} reads the fields ({@code event:} and {@code data:}, lines ending in
 * LF, CR LF or CR, the data lines of one event joined), and the rest of a line is only searched for its end: nothing
 * is kept or decoded, and once an error is found nothing more is read. AWS's binary event stream is read for its
 * messages' types ({@link AwsMessageTypes}), and a JSON body for an error object among an array's elements
 * ({@link JsonArrayErrors}: Gemini's streams without {@code alt=sse}). Not thread-safe: one stream, one reader at a
 * time.
 */
public final class ErrorEventScanner {

    /** For a body that is no event stream: reads nothing and finds nothing, so it is shared. */
    private static final ErrorEventScanner NONE = new ErrorEventScanner(false, null, null);

    private static final String DATA = "data";
    private static final String EVENT = "event";

    /** Where the current line is: at its start, in its field's name, just after the colon, in its value, or done. */
    private enum Place { START, FIELD, COLON, VALUE, REST }

    private final boolean scanning;
    /** An event's name and data, matched as they pass (server-sent events only; null otherwise). */
    private final ErrorEvents.Match name;
    private final ErrorEvents.Match data;
    private Place place = Place.START;
    /** The field the line's name may be ({@link #DATA} or {@link #EVENT}), and how much of it has been read. */
    private String field;
    private int fieldRead;
    /** The field of the line whose colon has been read; {@code null} for any other line. */
    private String lineField;
    private boolean hasData;
    private boolean errorName;
    private boolean afterCr;
    private boolean found;

    /** For AWS's event stream: its messages' {@code :message-type} headers, matched as they pass; null otherwise. */
    private final AwsMessageTypes aws;
    /** For a JSON body: an array's elements, matched as they pass; null otherwise. */
    private final JsonArrayErrors array;

    private ErrorEventScanner(boolean scanning, AwsMessageTypes aws, JsonArrayErrors array) {
        this.scanning = scanning;
        this.name = scanning ? ErrorEvents.name() : null;
        this.data = scanning ? ErrorEvents.data() : null;
        this.aws = aws;
        this.array = array;
    }

    /**
     * A scanner for one body of this content type: a new one for an event stream (server-sent events, or AWS's binary
     * one) and for JSON, for any other one that reads nothing.
     */
    public static ErrorEventScanner forContentType(String contentType) {
        if (ContentTypes.isEventStream(contentType)) {
            return new ErrorEventScanner(true, null, null);
        }
        if (ContentTypes.isJson(contentType)) {
            return new ErrorEventScanner(false, null, new JsonArrayErrors());
        }
        if (ContentTypes.isAwsEventStream(contentType)) {
            return new ErrorEventScanner(false, new AwsMessageTypes(), null);
        }
        return NONE;
    }

    /**
     * Whether a whole body of this content type is an event stream with an error event anywhere in it, or a JSON array
     * with an error object among its elements.
     */
    public static boolean foundIn(String contentType, byte[] body) {
        ErrorEventScanner scanner = forContentType(contentType);
        scanner.read(body);
        return scanner.foundError();
    }

    /** Reads the stream's next chunk. */
    public void read(byte[] chunk) {
        if (aws != null) {
            found |= aws.failed(chunk);
            return;
        }
        if (array != null) {
            array.read(chunk);
            found = array.found();
            return;
        }
        if (!scanning) {
            return;
        }
        for (int i = 0; i < chunk.length && !found; i++) {
            byte b = chunk[i];
            if (b == '\n' || b == '\r') {
                boolean secondOfCrLf = afterCr && b == '\n';
                afterCr = b == '\r';
                if (!secondOfCrLf) {
                    endLine();
                }
            } else {
                afterCr = false;
                take(b & 0xFF);
            }
        }
    }

    /**
     * Whether an error event has come so far: one whose data started as an error object, or one named as an error
     * that has data, once its lines have ended.
     */
    public boolean foundError() {
        return found || hasData && errorName;
    }

    private void take(int c) {
        switch (place) {
            case START -> fieldStarts(c);
            case FIELD -> inField(c);
            case COLON -> {
                // The one space after the colon is not part of the value.
                place = Place.VALUE;
                if (c != ' ') {
                    inValue(c);
                }
            }
            case VALUE -> inValue(c);
            default -> {
                // The rest of a line that cannot make an error event.
            }
        }
    }

    private void fieldStarts(int c) {
        field = c == 'd' ? DATA : c == 'e' ? EVENT : null;
        fieldRead = 1;
        place = field == null ? Place.REST : Place.FIELD;
    }

    private void inField(int c) {
        if (fieldRead == field.length()) {
            if (c == ':') {
                valueStarts();
                place = Place.COLON;
            } else {
                place = Place.REST;
            }
        } else if (field.charAt(fieldRead) == c) {
            fieldRead++;
        } else {
            place = Place.REST;
        }
    }

    /** A data line's value goes on the event's data, after a line break when it is not the first. */
    private void valueStarts() {
        lineField = field;
        if (field == DATA) {
            if (hasData) {
                data.next('\n');
            }
            hasData = true;
        } else {
            name.reset();
        }
    }

    private void inValue(int c) {
        ErrorEvents.Match match = lineField == DATA ? data : name;
        match.next(c);
        if (lineField == DATA && match.matched()) {
            found = true;
        } else if (match.decided()) {
            place = Place.REST;
        }
    }

    private void endLine() {
        if (place == Place.START) {
            eventEnds();
            return;
        }
        if (place == Place.FIELD && fieldRead == field.length()) {
            // A field's name alone is the field with an empty value.
            valueStarts();
        }
        if (lineField == EVENT) {
            // The event's last name is its name.
            errorName = name.matched();
        }
        lineField = null;
        place = Place.START;
    }

    /** A blank line ends the event: one named as an error counts if it had data, as only such an event is sent. */
    private void eventEnds() {
        found |= hasData && errorName;
        hasData = false;
        errorName = false;
        data.reset();
    }
}
