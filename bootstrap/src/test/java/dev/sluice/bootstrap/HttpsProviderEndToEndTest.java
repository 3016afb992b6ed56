package dev.sluice.bootstrap;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.HttpRequest;
import org.mockserver.model.Protocol;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/**
 * Providers are called over HTTPS, and their servers offer HTTP/2 (MockServer does, as OpenAI's and Anthropic's do).
 * Sluice calls them over HTTP/1.1, where its handlers on each connection take the connection ticket off the request,
 * close an abandoned call's connection, and guard the answer's framing (docs/RELIABILITY.md). Over an HTTP/2
 * connection, which Micronaut's client negotiates by default, none of them is on the path: the ticket header went to
 * the provider with the client's request.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpsProviderEndToEndTest implements TestPropertyProvider {

    private static final String COMPLETION = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[]}";

    private ClientAndServer upstream;

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        try {
            upstream = ClientAndServer.startClientAndServer(0);
            upstream.when(request().withPath("/v1/chat/completions"))
                    .respond(response().withStatusCode(200).withHeader("content-type", "application/json")
                            .withBody(COMPLETION));
            return Map.of(
                    "sluice.data-dir", Files.createTempDirectory("sluice-https").toString(),
                    "micronaut.server.port", "-1",
                    "sluice.admin-token", SluiceClient.ADMIN,
                    "sluice.gateways.default.cache-ttl", "0",
                    // MockServer's certificate is signed by its own authority.
                    "micronaut.http.client.ssl.insecure-trust-all-certificates", "true",
                    "sluice.providers.openai.base-url", "https://localhost:" + upstream.getPort() + "/v1");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stop() {
        upstream.stop();
    }

    @Test
    void anHttpsProviderIsCalledOverHttp11AndGetsNoneOfSluicesOwnHeaders() throws Exception {
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> answer = new SluiceClient(server.getURI()).post(
                    "/v1/local/default/openai/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[]}",
                    "authorization", "Bearer sk-1");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo(COMPLETION);
        }

        HttpRequest[] received = upstream.retrieveRecordedRequests(request());
        assertThat(received).hasSize(2).allSatisfy(call -> {
            assertThat(call.isSecure()).as("over TLS").isTrue();
            assertThat(call.getFirstHeader("authorization")).isEqualTo("Bearer sk-1");
            assertThat(call.containsHeader("x-sluice-connection-ticket")).as("Sluice's ticket at the provider").isFalse();
            // MockServer names HTTP/2 only; an HTTP/1.1 call has no protocol recorded.
            assertThat(call.getProtocol()).as("the protocol the call came in").isNotEqualTo(Protocol.HTTP_2);
        });
    }
}
