package dev.sluice.adapters.http.error;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The messages Micronaut and Jackson give a request they cannot bind, said in the API's words: the parameter and
 * what was wrong with it, without Java types, argument names or parser settings. A message of another shape passes
 * unchanged.
 */
public final class FrameworkMessages {

    private static final Pattern CONVERT = Pattern.compile(
            "Failed to convert argument \\[(\\w+)\\] for value \\[(.*?)\\](?: due to: (.*))?");
    private static final Pattern REQUIRED = Pattern.compile("Required argument \\[(?:[\\w.<>?, ]+ )?(\\w+)\\] not specified");
    private static final Pattern NESTING = Pattern.compile(".*nesting depth \\((\\d+)\\) exceeds the maximum allowed \\((\\d+).*");
    private static final Pattern SOURCE = Pattern.compile("\\s*\\[Source: .*?(?:; line: (\\d+), column: (\\d+))?]");
    private static final Pattern SETTING = Pattern.compile("\\s*\\(`\\w+(?:\\.\\w+)*(?:\\(\\))?` \\w+\\)");

    private FrameworkMessages() {
    }

    public static String plain(String message) {
        if (message.contains("WebSocketSession")) {
            return "this URL is the universal endpoint: POST a universal request to it, or open a WebSocket"
                    + " (Upgrade: websocket)";
        }
        if (message.startsWith("Cannot convert an iterable with more than 1 value")) {
            return "a parameter that takes one value was given several";
        }
        Matcher convert = CONVERT.matcher(message);
        if (convert.matches()) {
            // Micronaut names the Java argument; the API's parameters are snake_case (perPage is per_page).
            String name = convert.group(1).replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
            String cause = convert.group(3) == null ? "" : plain(convert.group(3));
            if (name.equals("body")) {
                return "the body is not valid" + (cause.isEmpty() ? "" : ": " + cause);
            }
            return "'" + name + "' is not valid: '" + abbreviate(convert.group(2)) + "'";
        }
        Matcher required = REQUIRED.matcher(message);
        if (required.matches()) {
            return "'" + required.group(1) + "' is required";
        }
        Matcher nesting = NESTING.matcher(message);
        if (nesting.matches()) {
            return "the JSON is nested deeper than " + nesting.group(2) + " levels";
        }
        String plain = SETTING.matcher(message).replaceAll("");
        Matcher source = SOURCE.matcher(plain);
        if (source.find()) {
            String at = plain.substring(0, source.start()).endsWith(" at") ? " " : " at ";
            plain = source.replaceFirst(source.group(1) == null ? ""
                    : at + "line " + source.group(1) + ", column " + source.group(2));
        }
        return plain;
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
