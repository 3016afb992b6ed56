package dev.sluice.application.generate;

import dev.sluice.domain.generate.GatewayAnswer;
import dev.sluice.domain.generate.GenerationRequest;

import java.util.concurrent.CompletionStage;

/**
 * Sends one prompt through an AI gateway and reads its answer and metadata. Implemented by Sluice's own
 * pipeline in process and by any Cloudflare-compatible gateway over HTTP.
 */
public interface GenerateTextPort {

    /** Completes exceptionally with a {@code GenerationException} (AI_ERROR) when the gateway or provider fails. */
    CompletionStage<GatewayAnswer> generate(GenerationRequest request);
}
