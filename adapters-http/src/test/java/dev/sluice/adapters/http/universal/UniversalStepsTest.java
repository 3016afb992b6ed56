package dev.sluice.adapters.http.universal;

import dev.sluice.domain.error.GatewayException;
import dev.sluice.domain.gateway.Backoff;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.universal.UniversalStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A universal request's body read into steps: queries kept byte for byte, every wrong field named. */
class UniversalStepsTest {

    private static List<UniversalStep> read(String body) {
        return UniversalSteps.read(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void stepsAreReadWithTheirQueryAsSentAndTheirConfig() {
        String query = "{ \"model\" : \"gpt-4o-mini\",\n \"messages\": [{\"role\":\"user\",\"content\":\"caf\\u00e9\"}] }";
        List<UniversalStep> steps = read("[{\"provider\":\"workers-ai\",\"endpoint\":\"/@cf/meta/llama\","
                + "\"headers\":{\"Authorization\":\"Bearer t\",\"cf-aig-cache-ttl\":0,\"x-flag\":true},\"query\":" + query
                + ",\"config\":{\"requestTimeout\":1000,\"maxAttempts\":2,\"retryDelay\":500,\"backoff\":\"exponential\"}},"
                + "{\"provider\":\"openai\",\"endpoint\":\"chat/completions\",\"authorization\":\"Bearer o\",\"query\":{}}]");
        assertThat(steps).hasSize(2);
        UniversalStep first = steps.get(0);
        assertThat(first.endpoint()).isEqualTo("@cf/meta/llama");
        assertThat(new String(first.query(), StandardCharsets.UTF_8)).isEqualTo(query);
        assertThat(first.headers()).containsExactly(new Header("Authorization", "Bearer t"),
                new Header("cf-aig-cache-ttl", "0"), new Header("x-flag", "true"));
        assertThat(first.config()).isEqualTo(new UniversalStep.Config(Optional.of(Duration.ofMillis(1000)),
                Optional.of(2), Optional.of(Duration.ofMillis(500)), Optional.of(Backoff.EXPONENTIAL)));
        assertThat(steps.get(1).headers()).containsExactly(new Header("authorization", "Bearer o"));
        assertThat(read("{\"provider\":\"openai\",\"endpoint\":\"x\",\"query\":{}}")).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"text\"|JSON array of steps",
            "[|not valid JSON",
            "[{\"provider\":\"p\",\"endpoint\":\"x\",\"query\":{}}] x|not valid JSON",
            "{\"provider\":\"p\",\"endpoint\":\"x\",\"query\":{}}{}|with nothing after it",
            "[{\"provider\":\"p\",\"endpoint\":\"x\",\"query\":{},\"config\":{\"requestTimeout\":99999999999999999999}}]|steps[0].config.requestTimeout: must be between",
            "[]|at least one step",
            "[1]|steps[0]: must be an object",
            "[{\"endpoint\":\"x\",\"query\":{}}]|steps[0].provider: is required",
            "[{\"provider\":5,\"endpoint\":\"x\",\"query\":{}}]|steps[0].provider: must be a string",
            "[{\"provider\":\"p\",\"query\":{}}]|steps[0].endpoint: is required",
            "[{\"provider\":\"p\",\"endpoint\":\"x\"}]|steps[0].query: is required",
            "[{\"provider\":\"p\",\"endpoint\":\"x\",\"query\":[1]}]|steps[0].query: must be an object",
            "[{\"provider\":\"p\",\"endpoint\":\"x\",\"query\":{},\"config\":{\"maxAttempts\":50}}]|steps[0].config.maxAttempts",
            "[{\"provider\":\"p\",\"endpoint\":\"x\",\"query\":{},\"config\":{\"retryDelay\":6000}}]|steps[0].config.retryDelay",
            "[{\"provider\":\"p\",\"endpoint\":\"x\",\"query\":{},\"config\":{\"requestTimeout\":\"1s\"}}]|steps[0].config.requestTimeout",
            "[{\"provider\":\"p\",\"endpoint\":\"x\",\"query\":{},\"config\":{\"requestTimeout\":600001}}]|steps[0].config.requestTimeout",
            "[{\"provider\":\"p\",\"endpoint\":\"x\",\"query\":{},\"config\":{\"backoff\":\"random\"}}]|steps[0].config.backoff",
            "[{\"provider\":\"p\",\"endpoint\":\"x\",\"query\":{},\"config\":{\"requestTimout\":100}}]|steps[0].config.requestTimout: is not a setting",
            "[{\"provider\":\"p\",\"endpoint\":\"x\",\"query\":{},\"headers\":{\"a\":[1]}}]|steps[0].headers.a",
            "[{\"provider\":\"p\",\"endpoint\":\"x\",\"query\":{},\"headers\":{\"bad name\":\"v\"}}]|steps[0].headers.bad name",
            "[{\"provider\":\"p\",\"endpoint\":\"x\",\"query\":{},\"headers\":{\"a\":\"v\\r\\nx: y\"}}]|steps[0].headers.a"})
    void eachBadStepIsRefusedNamingItsStepAndField(String body, String message) {
        assertThatThrownBy(() -> read(body)).isInstanceOf(GatewayException.class).hasMessageContaining(message);
    }

    @Test
    void moreThanTwentyStepsAreRefused() {
        String step = "{\"provider\":\"p\",\"endpoint\":\"x\",\"query\":{}}";
        assertThat(read("[" + String.join(",", java.util.Collections.nCopies(20, step)) + "]")).hasSize(20);
        assertThatThrownBy(() -> read("[" + String.join(",", java.util.Collections.nCopies(21, step)) + "]"))
                .hasMessageContaining("at most 20");
    }
}
