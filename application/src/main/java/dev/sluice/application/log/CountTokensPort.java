package dev.sluice.application.log;

/**
 * Counts the tokens of a text as a model's tokenizer would, for exchanges whose provider reported no
 * usage. The count is an estimate for models whose tokenizer is not public.
 */
public interface CountTokensPort {

    long countTokens(String model, String text);
}
