package dev.sluice.application.universal;

import dev.sluice.application.pipeline.ProxiedResponse;

import java.util.Objects;

/** The answer to a universal request: the answering step's own response, and which step that was. */
public record UniversalAnswer(ProxiedResponse response, int step) {

    public UniversalAnswer {
        Objects.requireNonNull(response, "response");
    }
}
