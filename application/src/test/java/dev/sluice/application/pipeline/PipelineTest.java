package dev.sluice.application.pipeline;

import dev.sluice.application.support.StageHarness;
import dev.sluice.application.support.StageHarness.Named;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineTest {

    private final List<String> passed = new CopyOnWriteArrayList<>();

    private Named passing(String name) {
        return new Named(name, (exchange, next) -> {
            passed.add(name);
            return next.proceed(exchange);
        });
    }

    private static Named answering(String name) {
        return new Named(name, (exchange, next) -> CompletableFuture.completedFuture(
                StageHarness.answer(exchange, StageHarness.ok(name))));
    }

    private ProxiedResponse run(Stage... stages) throws Exception {
        return new Pipeline(List.of(stages), Clock.systemUTC()).run(StageHarness.call())
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void runsItsStagesInTheDeclaredOrder() throws Exception {
        ProxiedResponse answer = run(passing("a"), passing("b"), passing("c"), answering("end"));
        assertThat(passed).containsExactly("a", "b", "c");
        assertThat(StageHarness.read(answer)).isEqualTo("end");
        assertThat(answer.logId()).isEqualTo("req-1");
    }

    @Test
    void aStageMayAnswerWithoutPassingTheCallOn() throws Exception {
        ProxiedResponse answer = run(passing("a"), answering("short"), passing("never"), answering("end"));
        assertThat(passed).containsExactly("a");
        assertThat(StageHarness.read(answer)).isEqualTo("short");
    }

    @Test
    void aStageThatThrowsFailsTheCallRatherThanThrowingAtTheSurface() {
        Named throwing = new Named("throws", (exchange, next) -> {
            throw new IllegalArgumentException("bad");
        });
        var pipeline = new Pipeline(List.of(throwing, answering("end")), Clock.systemUTC());
        assertThatThrownBy(() -> pipeline.run(StageHarness.call()).toCompletableFuture().get())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLastStageThatPassesTheCallOnIsAWiringMistake() {
        assertThatThrownBy(() -> run(passing("a")))
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("the last stage, a");
    }

    @Test
    void readingAFactNoEarlierStageProvidedFailsLoudly() {
        Named early = new Named("early", (exchange, next) -> {
            exchange.gateway();
            return next.proceed(exchange);
        });
        assertThatThrownBy(() -> run(early, answering("end")))
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("gateway");
    }

    @Test
    void listsItsStagesInOrder() {
        assertThat(new Pipeline(List.of(passing("gateway"), passing("policy"), answering("call")), Clock.systemUTC())
                .describe()).isEqualTo("gateway → policy → call");
        assertThatThrownBy(() -> new Pipeline(List.of(), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
