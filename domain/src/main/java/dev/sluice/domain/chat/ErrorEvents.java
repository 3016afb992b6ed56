package dev.sluice.domain.chat;

import java.util.Arrays;

/**
 * The one rule for a provider's error event, applied both to a decoded event ({@link StreamEnding}) and to a stream's
 * bytes as they come ({@link ErrorEventScanner}): its name is {@code error} or the Responses API's
 * {@code response.failed}, or its data is an error object, {@code {"error": …}} or Anthropic's
 * {@code {"type": "error", …}}, compact or with spaces (Python's json.dumps writes {@code "type": "error"}). The data is
 * matched at its start only, so a tool call's arguments or a content delta that says "error" is no error event. The
 * patterns are ASCII and matched a character at a time, so a stream's bytes are matched without being decoded.
 */
final class ErrorEvents {

    static final String RESPONSE_FAILED = "response.failed";

    /** The names of error events, matched whole. */
    private static final String[] NAMES = {"error", RESPONSE_FAILED};
    /** How an error event's data starts; a blank stands for any whitespace, none included (the regex {@code \s*}). */
    private static final String[] DATA = {" { \"error\" :", " { \"type\" : \"error\""};

    private ErrorEvents() {
    }

    static boolean isError(ServerSentEvent event) {
        return matches(name(), event.event()) || matches(data(), event.data());
    }

    /** A match of an event's name, which must end where a pattern ends. */
    static Match name() {
        return new Match(NAMES, true);
    }

    /** A match of an event's data, which only has to start as a pattern does. */
    static Match data() {
        return new Match(DATA, false);
    }

    private static boolean matches(Match match, String text) {
        for (int i = 0; i < text.length() && !match.decided(); i++) {
            match.next(text.charAt(i));
        }
        return match.matched();
    }

    /**
     * A match in progress against all the patterns at once: where in each the text has got to, or {@code -1} once it
     * cannot match it. One text at a time; {@link #reset()} for the next.
     */
    static final class Match {

        private static final int DEAD = -1;

        private final String[] patterns;
        private final boolean whole;
        private final int[] at;
        private boolean matched;

        private Match(String[] patterns, boolean whole) {
            this.patterns = patterns;
            this.whole = whole;
            this.at = new int[patterns.length];
        }

        /** Takes the text's next character (a byte, for a stream's bytes: none past ASCII is in a pattern). */
        void next(int c) {
            if (matched && !whole) {
                return;
            }
            boolean complete = false;
            for (int p = 0; p < patterns.length; p++) {
                at[p] = step(patterns[p], at[p], c);
                complete |= at[p] == patterns[p].length();
            }
            matched = complete;
        }

        /** Whether the text so far matches: starts as a pattern does, or (for a name) is one. */
        boolean matched() {
            return matched;
        }

        /** Whether more text cannot change the verdict: a start that matched, or no pattern still possible. */
        boolean decided() {
            if (matched && !whole) {
                return true;
            }
            for (int position : at) {
                if (position != DEAD) {
                    return false;
                }
            }
            return true;
        }

        void reset() {
            Arrays.fill(at, 0);
            matched = false;
        }

        private static int step(String pattern, int position, int c) {
            if (position == DEAD || position == pattern.length()) {
                return DEAD;
            }
            if (pattern.charAt(position) == ' ') {
                if (isSpace(c)) {
                    return position;
                }
                position++;
            }
            return pattern.charAt(position) == c ? position + 1 : DEAD;
        }

        /** Whitespace as JSON and the regex {@code \s} know it. */
        private static boolean isSpace(int c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
        }
    }
}
