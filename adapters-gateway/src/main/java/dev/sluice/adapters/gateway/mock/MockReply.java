package dev.sluice.adapters.gateway.mock;

import dev.sluice.domain.digest.Sha256;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The mock provider's answer to a prompt: the same prompt always gets the same text, so tests and
 * demos are repeatable, and the text says plainly that no model wrote it.
 */
record MockReply(String seed, String text, int promptTokens, int completionTokens) {

    private static final int EXCERPT = 120;

    static MockReply to(String model, String prompt) {
        String seed = seed(model + "\n" + prompt);
        String excerpt = prompt.length() <= EXCERPT ? prompt : prompt.substring(0, EXCERPT) + "…";
        String text = "Mock response " + seed + " from Sluice's offline mock provider (model " + model
                + "). You said: \"" + excerpt.strip() + "\"";
        return new MockReply(seed, text, words(prompt), words(text));
    }

    /** The text cut into the pieces a stream sends, each word with the space that follows it. */
    List<String> pieces() {
        return Arrays.stream(text.split("(?<= )")).toList();
    }

    int totalTokens() {
        return promptTokens + completionTokens;
    }

    private static int words(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
    }

    private static String seed(String input) {
        return HexFormat.of().formatHex(Sha256.of(input.getBytes(StandardCharsets.UTF_8)), 0, 4);
    }
}
