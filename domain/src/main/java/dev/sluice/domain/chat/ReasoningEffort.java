package dev.sluice.domain.chat;

import java.util.Locale;

/**
 * OpenAI's {@code reasoning_effort}, which the translating dialects turn into their providers' thinking settings:
 * {@link #NONE} turns thinking off where a provider can, the others ask for more of it in turn.
 */
public enum ReasoningEffort {
    NONE, MINIMAL, LOW, MEDIUM, HIGH, XHIGH;

    /** The effort a request names, or a 400 naming the field, the provider and the values it takes. */
    public static ReasoningEffort of(String value, String provider) {
        for (ReasoningEffort effort : values()) {
            if (effort.name().toLowerCase(Locale.ROOT).equals(value)) {
                return effort;
            }
        }
        throw ChatRequest.unsupported("reasoning_effort", provider,
                "takes none, minimal, low, medium, high or xhigh, not '" + value + "'");
    }
}
