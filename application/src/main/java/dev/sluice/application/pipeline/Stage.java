package dev.sluice.application.pipeline;

import java.util.concurrent.CompletionStage;

/**
 * One step of the request pipeline, with one job. A stage reads and fills in the {@link Exchange}, then
 * either answers itself (a cache hit, a refusal) or passes the exchange on and may act on what comes back
 * (observe it, capture it). Stages never know which others exist; their order is declared once, where
 * the {@link Pipeline} is composed.
 */
public interface Stage {

    /** A short name for the stage, as the pipeline lists it. */
    String name();

    CompletionStage<ProxiedResponse> apply(Exchange exchange, Next next);

    /** The rest of the pipeline after a stage. */
    @FunctionalInterface
    interface Next {
        CompletionStage<ProxiedResponse> proceed(Exchange exchange);
    }
}
