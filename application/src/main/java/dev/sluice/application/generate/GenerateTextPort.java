package dev.sluice.application.generate;

import dev.sluice.domain.generate.GatewayAnswer;
import dev.sluice.domain.generate.GenerationRequest;

import java.util.concurrent.CompletionStage;

/**
 * Sends one prompt through a remote Cloudflare-compatible AI gateway over HTTP (Cloudflare's hosted one or
 * another Sluice) and reads its answer and metadata. Sluice's own gateway is called in process instead.
 */
public interface GenerateTextPort {

    /** Completes exceptionally with a {@code GenerationException} (AI_ERROR) when the gateway or provider fails. */
    CompletionStage<GatewayAnswer> generate(GenerationTarget target, GenerationRequest request);
}
