package dev.sluice.application.generate;

import java.util.concurrent.CompletionStage;

/**
 * The dashboard's use case: run a prompt through a gateway and report the text with the gateway's cache
 * status and latency; optionally measure a cached call against a fresh one.
 */
public interface GenerateTextUseCase {

    /** Completes exceptionally with a {@code GenerationException} when the gateway or provider fails. */
    CompletionStage<GenerationReport> generate(GenerateTextCommand command);
}
