package dev.sluice.domain.name;

/**
 * The shapes of the names that arrive in every request's URL (gateway ids, provider slugs, account ids),
 * checked by hand: a regular expression allocated a matcher per name, four times a request.
 */
public final class Names {

    private Names() {
    }

    /**
     * Whether {@code value} is 1 to {@code maxLength} characters: words of a-z and 0-9 (and _ when
     * {@code underscore}) joined by single hyphens, {@code [a-z0-9]+(?:-[a-z0-9]+)*} (with {@code _} in the
     * classes when {@code underscore}).
     */
    public static boolean isHyphenatedWords(String value, int maxLength, boolean underscore) {
        if (value == null || value.isEmpty() || value.length() > maxLength) {
            return false;
        }
        boolean afterHyphen = true;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '-') {
                if (afterHyphen) {
                    return false;
                }
                afterHyphen = true;
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (underscore && c == '_')) {
                afterHyphen = false;
            } else {
                return false;
            }
        }
        return !afterHyphen;
    }

    /**
     * Whether a text has more than {@code max} characters, counted as people (and PostgreSQL's {@code varchar}) count
     * them: an emoji outside the Basic Multilingual Plane is one character, not Java's two UTF-16 units.
     */
    public static boolean longerThan(String text, int max) {
        return text.length() > max && text.codePointCount(0, text.length()) > max;
    }

    /** Whether {@code value} is 1 to {@code maxLength} characters of A-Z, a-z, 0-9, _ and -, in any order. */
    public static boolean isWord(String value, int maxLength) {
        if (value == null || value.isEmpty() || value.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
