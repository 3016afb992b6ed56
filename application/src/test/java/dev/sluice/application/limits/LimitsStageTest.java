package dev.sluice.application.limits;

import dev.sluice.application.support.StageHarness;
import dev.sluice.domain.policy.RequestPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LimitsStageTest {

    @Test
    void withNoLimitsDefinedEveryCallPassesOnUnchanged() throws Exception {
        StageHarness harness = new StageHarness();
        var call = StageHarness.call();
        var answer = harness.await(call, StageHarness.resolved(RequestPolicy.NONE), new LimitsStage());
        assertThat(harness.reached).singleElement().satisfies(exchange -> assertThat(exchange.call()).isSameAs(call));
        assertThat(StageHarness.read(answer)).isEqualTo("ok");
        assertThat(new LimitsStage().name()).isEqualTo("limits");
    }
}
