package dev.sluice.application.universal;

import java.util.concurrent.CompletionStage;

/**
 * The universal endpoint: a request's steps tried in order, each through the whole pipeline, until one
 * answers. Fails with {@link StepFailedException} naming the step whose failure is the answer.
 */
public interface UniversalRequestUseCase {

    CompletionStage<UniversalAnswer> run(UniversalRequestCommand command);
}
