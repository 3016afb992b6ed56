package dev.sluice.domain.generate;

import java.util.regex.Pattern;

/**
 * A Workers AI model's name, e.g. {@code @cf/meta/llama-3.1-8b-instruct-fast}: generations run on Workers AI, whose
 * model names all start with {@code @cf/} or {@code @hf/}, so any other name could only come back as the provider's
 * error. It becomes part of a URL path, so it is held to the characters model names use and may
 * not climb with {@code ..}.
 */
public record ModelName(String value) {

    private static final Pattern VALID = Pattern.compile("@[ch]f/[A-Za-z0-9][A-Za-z0-9@/._:+-]{0,195}");
    /** Workers AI's fast Llama 3.1 8B, the AI Gateway Dashboard's model. */
    public static final String DEFAULT_NAME = "@cf/meta/llama-3.1-8b-instruct-fast";
    public static final ModelName DEFAULT = new ModelName(DEFAULT_NAME);

    public ModelName {
        if (value == null || !VALID.matcher(value).matches() || value.contains("..") || value.contains("//")) {
            throw new GenerationException(GenerationError.INVALID_BODY,
                    "model must be a Workers AI model name (starting @cf/ or @hf/) such as " + DEFAULT_NAME);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
