package dev.sluice.domain.chat;

/**
 * Finds an error object among a JSON array's elements, read chunk by chunk as it arrives: Gemini's
 * {@code streamGenerateContent} without {@code alt=sse} answers with its chunks in one JSON array, and an error in
 * the middle of the answer comes as one more element, {@code {"error": {"code": …, "message": …}}}, after a 200. An
 * element is matched at its start with the rule of {@link ErrorEvents} for an error event's data; everything else is
 * only followed for its strings and nesting, so that an element's own text, or an object deeper inside one, that
 * says "error" is no error. A body that does not start as an array (a JSON object, which is how nearly every answer
 * comes) is given up at its first byte. Not thread-safe: one body, one reader at a time.
 */
final class JsonArrayErrors {

    /** Until the body's first byte that is not whitespace. */
    private boolean started;
    /** Once the body turned out no array, or the array ended, or an error was found. */
    private boolean done;
    private boolean found;
    private int depth;
    private boolean inString;
    private boolean escaped;
    /** The match of the element that started last; {@code matching} while its start may still be an error object's. */
    private ErrorEvents.Match element;
    private boolean matching;

    /** Reads the body's next chunk. */
    void read(byte[] chunk) {
        for (int i = 0; i < chunk.length && !done; i++) {
            take(chunk[i] & 0xFF);
        }
    }

    /** Whether an element read so far is an error object. */
    boolean found() {
        return found;
    }

    private void take(int c) {
        if (!started) {
            if (!isSpace(c)) {
                started = true;
                done = c != '[';
                depth = 1;
            }
            return;
        }
        if (!inString && depth == 1 && c == '{') {
            if (element == null) {
                element = ErrorEvents.data();
            }
            element.reset();
            matching = true;
        }
        if (matching) {
            element.next(c);
            if (element.matched()) {
                found = true;
                done = true;
                return;
            }
            matching = !element.decided();
        }
        follow(c);
    }

    /** Keeps track of strings (with their escapes) and of how deep in the array the byte is. */
    private void follow(int c) {
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = false;
            }
            return;
        }
        switch (c) {
            case '"' -> inString = true;
            case '{', '[' -> depth++;
            case '}', ']' -> {
                depth--;
                done = depth == 0;
            }
            default -> {
                // A number, a literal, a separator or whitespace.
            }
        }
    }

    private static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}
