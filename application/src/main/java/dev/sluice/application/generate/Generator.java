package dev.sluice.application.generate;

import dev.sluice.domain.generate.GatewayAnswer;
import dev.sluice.domain.generate.GenerationRequest;

import java.util.concurrent.CompletionStage;

/** Where a generation is run: through Sluice's own pipeline, or through a remote gateway. */
public interface Generator {

    /** Completes exceptionally with a {@code GenerationException} (AI_ERROR) when the gateway or provider fails. */
    CompletionStage<GatewayAnswer> generate(GenerationRequest request);

    /** Through the remote gateway behind {@code port}. */
    static Generator remote(GenerateTextPort port, GenerationTarget target) {
        return request -> port.generate(target, request);
    }
}
