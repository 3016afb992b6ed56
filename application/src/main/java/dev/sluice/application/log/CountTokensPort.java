package dev.sluice.application.log;

import java.util.OptionalLong;

/**
 * Counts the tokens of a text as a model's tokenizer would, for exchanges whose provider reported no
 * usage. The count is an estimate for models whose tokenizer is not public.
 */
public interface CountTokensPort {

    long countTokens(String model, String text);

    /**
     * The count if it can be had without waiting: a tokenizer that is still loading answers empty (and goes on
     * loading), so that a caller on an event loop never waits for one. The default counts at once.
     */
    default OptionalLong countTokensIfReady(String model, String text) {
        return OptionalLong.of(countTokens(model, text));
    }
}
