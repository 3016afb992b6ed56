package dev.sluice.domain.cache;

import java.nio.charset.StandardCharsets;

/**
 * Whether a JSON object's top-level field is the literal {@code true}, found by one pass over its bytes that allocates
 * nothing (but for a key written with escapes): nested values and strings are stepped over, never built. A request
 * with {@code cf-aig-cache-key} is asked whether it streams; parsing its whole body for that took several times its size
 * in heap, and one 20 MB body ran the 128 MB heap out (a 503). As a parser's map would, the last of repeated keys
 * counts; a body that is not a JSON object has no such field.
 */
final class TopLevelFlag {

    private TopLevelFlag() {
    }

    static boolean isTrue(byte[] json, String name) {
        int start = whitespaceEnd(json, 0);
        if (start >= json.length || json[start] != '{') {
            return false;
        }
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        boolean value = false;
        int depth = 0;
        int i = start;
        while (i < json.length) {
            byte b = json[i];
            if (b == '"') {
                int end = stringEnd(json, i + 1);
                int after = whitespaceEnd(json, end + 1);
                if (depth == 1 && after < json.length && json[after] == ':') {
                    if (keyIs(json, i + 1, end, wanted, name)) {
                        value = literalTrue(json, whitespaceEnd(json, after + 1));
                    }
                    i = after + 1;
                } else {
                    i = end + 1;
                }
                continue;
            }
            if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                depth--;
            }
            i++;
        }
        return value;
    }

    /** The index of the quote that closes the string whose content starts at {@code from}, or the body's length. */
    private static int stringEnd(byte[] json, int from) {
        int i = from;
        while (i < json.length && json[i] != '"') {
            i += json[i] == '\\' ? 2 : 1;
        }
        return Math.min(i, json.length);
    }

    private static int whitespaceEnd(byte[] json, int from) {
        int i = from;
        while (i < json.length && (json[i] == ' ' || json[i] == '\t' || json[i] == '\n' || json[i] == '\r')) {
            i++;
        }
        return i;
    }

    private static boolean keyIs(byte[] json, int from, int to, byte[] wanted, String name) {
        for (int i = from; i < to; i++) {
            if (json[i] == '\\') {
                return unescaped(json, from, to).equals(name);
            }
        }
        if (to - from != wanted.length) {
            return false;
        }
        for (int i = 0; i < wanted.length; i++) {
            if (json[from + i] != wanted[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean literalTrue(byte[] json, int at) {
        if (at + 4 > json.length || json[at] != 't' || json[at + 1] != 'r' || json[at + 2] != 'u' || json[at + 3] != 'e') {
            return false;
        }
        int next = whitespaceEnd(json, at + 4);
        return next == json.length || json[next] == ',' || json[next] == '}';
    }

    /** A key written with escapes ({@code "str\u0065am"}), decoded; rare enough to build a string for. */
    private static String unescaped(byte[] json, int from, int to) {
        String raw = new String(json, from, to - from, StandardCharsets.UTF_8);
        StringBuilder key = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\' || i + 1 >= raw.length()) {
                key.append(c);
                continue;
            }
            char escaped = raw.charAt(++i);
            switch (escaped) {
                case 'u' -> {
                    if (i + 4 >= raw.length()) {
                        return "";
                    }
                    try {
                        key.append((char) Integer.parseInt(raw.substring(i + 1, i + 5), 16));
                    } catch (NumberFormatException e) {
                        return "";
                    }
                    i += 4;
                }
                case 'b' -> key.append('\b');
                case 'f' -> key.append('\f');
                case 'n' -> key.append('\n');
                case 'r' -> key.append('\r');
                case 't' -> key.append('\t');
                default -> key.append(escaped);
            }
        }
        return key.toString();
    }
}
