package dev.sluice.bootstrap;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mockserver.integration.ClientAndServer;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/**
 * A provider's redirect is its answer, passed to the client as it came: Sluice never follows it. Following it let
 * whoever controls an upstream's answers make Sluice call any host it can reach (its own network included), hand that
 * host's answer back to the client, and send the client's provider key there in {@code x-api-key},
 * {@code api-key} or {@code x-goog-api-key}, which a redirect to another host does not strip.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpstreamRedirectEndToEndTest implements TestPropertyProvider {

    private ClientAndServer provider;
    private ClientAndServer elsewhere;

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        try {
            provider = ClientAndServer.startClientAndServer(0);
            elsewhere = ClientAndServer.startClientAndServer(0);
            return Map.of(
                    "sluice.data-dir", Files.createTempDirectory("sluice-e2e").toString(),
                    "micronaut.server.port", "-1",
                    "sluice.admin-token", SluiceClient.ADMIN,
                    "sluice.providers.anthropic.base-url", "http://127.0.0.1:" + provider.getPort() + "/");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stop() {
        provider.stop();
        elsewhere.stop();
    }

    @Test
    void aProvidersRedirectReachesTheClientUnfollowedAndTheKeyStaysWithTheProvider() throws Exception {
        String target = "http://127.0.0.1:" + elsewhere.getPort() + "/internal/secrets";
        provider.when(request().withPath("/v1/messages"))
                .respond(response().withStatusCode(302).withHeader("location", target));
        elsewhere.when(request()).respond(response().withStatusCode(200).withBody("{\"internal\":true}"));

        HttpResponse<String> answer = new SluiceClient(server.getURI()).post("/v1/local/default/anthropic/v1/messages",
                "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":8,\"messages\":[]}", "x-api-key", "sk-ant-secret");

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("location")).contains(target);
        assertThat(answer.body()).doesNotContain("internal");
        assertThat(provider.retrieveRecordedRequests(request())).hasSize(1);
        assertThat(elsewhere.retrieveRecordedRequests(request())).isEmpty();
    }
}
