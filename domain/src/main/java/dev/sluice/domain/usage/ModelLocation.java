package dev.sluice.domain.usage;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one provider's request paths name the model (Workers AI's {@code run/@cf/…}, Google's
 * {@code models/gemini…:generateContent}), for requests whose body has no {@code model}.
 */
@FunctionalInterface
public interface ModelLocation {

    Optional<String> fromPath(String path);

    /** The model is the pattern's first group wherever the pattern is found in the path. */
    static ModelLocation pattern(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return path -> {
            Matcher matcher = pattern.matcher(path);
            return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
        };
    }
}
