package dev.sluice.bootstrap;

import dev.sluice.application.generate.GenerationTarget;
import dev.sluice.application.generate.Generator;
import dev.sluice.domain.cache.CacheStatus;
import dev.sluice.domain.generate.GatewayAnswer;
import dev.sluice.domain.generate.GenerationError;
import dev.sluice.domain.generate.GenerationException;
import dev.sluice.domain.generate.GenerationRequest;
import dev.sluice.domain.generate.ModelName;
import dev.sluice.domain.generate.Prompt;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What both gateway adapters of the dashboard must do, run against a real Sluice (its mock provider
 * answering): in process through its pipeline, and over HTTP as a remote Cloudflare-compatible gateway.
 */
abstract class GeneratorContract {

    protected static EmbeddedServer sluice;

    @BeforeAll
    static void startSluice() throws Exception {
        sluice = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "sluice.data-dir", Files.createTempDirectory("sluice-port-contract").toString(),
                "micronaut.server.port", "-1",
                "sluice.admin-token", SluiceClient.ADMIN,
                "sluice.gateways.locked.authentication", "true"));
    }

    @AfterAll
    static void stopSluice() {
        sluice.getApplicationContext().close();
    }

    /** The adapter under test, sending to {@code gateway} on the running Sluice with this gateway token. */
    protected abstract Generator generator(GenerationTarget target);

    private GatewayAnswer generate(String gateway, Optional<String> token, String prompt, boolean skip)
            throws Exception {
        GenerationTarget target = new GenerationTarget("local", gateway, token, Optional.empty(), Duration.ofHours(1));
        return generator(target).generate(new GenerationRequest(new Prompt(prompt), ModelName.DEFAULT, skip))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String prompt() {
        return "contract " + UUID.randomUUID();
    }

    @Test
    void answersWithTextAndTheGatewaysMetadata() throws Exception {
        String prompt = prompt();
        GatewayAnswer answer = generate("default", Optional.empty(), prompt, false);
        assertThat(answer.text()).contains(prompt);
        assertThat(answer.provider()).isEqualTo("mock");
        assertThat(answer.gatewayId()).isEqualTo("default");
        assertThat(answer.model()).isEqualTo(ModelName.DEFAULT);
        assertThat(answer.cacheStatus()).isEqualTo(CacheStatus.MISS);
        assertThat(answer.logId()).hasValueSatisfying(id -> assertThat(id).isNotBlank());
    }

    @Test
    void theSameCachedCallAgainIsAHitAndSkippingIsABypass() throws Exception {
        String prompt = prompt();
        GatewayAnswer first = generate("default", Optional.empty(), prompt, false);
        GatewayAnswer again = generate("default", Optional.empty(), prompt, false);
        GatewayAnswer skipped = generate("default", Optional.empty(), prompt, true);
        assertThat(again.cacheStatus()).isEqualTo(CacheStatus.HIT);
        assertThat(again.text()).isEqualTo(first.text());
        assertThat(again.logId()).isNotEqualTo(first.logId());
        assertThat(skipped.cacheStatus()).isEqualTo(CacheStatus.BYPASS);
    }

    @Test
    void anUnknownGatewayIsAnAiErrorCarryingTheGatewaysAnswer() {
        assertThatThrownBy(() -> generate("no-such-gateway", Optional.empty(), prompt(), false))
                .isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(GenerationException.class, e -> {
                    assertThat(e.error()).isEqualTo(GenerationError.AI_ERROR);
                    assertThat(e.upstreamStatus()).hasValue(400);
                    assertThat(e.getMessage()).contains("Gateway not found");
                });
    }

    @Test
    void anAuthenticatedGatewayTakesTheConfiguredTokenAndRefusesNone() throws Exception {
        assertThat(generate("locked", Optional.of(SluiceClient.ADMIN), prompt(), false).text()).isNotBlank();
        assertThatThrownBy(() -> generate("locked", Optional.empty(), prompt(), false)).cause()
                .isInstanceOfSatisfying(GenerationException.class, e -> assertThat(e.upstreamStatus()).hasValue(401));
    }
}
