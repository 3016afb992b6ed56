package dev.sluice.bootstrap;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET …/gateways/{id}/url/{provider}}, which Cloudflare's API client calls ({@code aiGateway.urls.get}) and the
 * reference lists (§6.4, §8): the gateway's URL for a provider, on the base the request came in on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayUrlEndToEndTest {

    private static final String URL = "/client/v4/accounts/local/ai-gateway/gateways/";

    private EmbeddedServer server;
    private SluiceClient client;

    @BeforeAll
    void start() throws Exception {
        server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1,
                "sluice.data-dir", Files.createTempDirectory("sluice-url").toString(),
                "sluice.admin-token", SluiceClient.ADMIN,
                "sluice.gateways.prod.cache-ttl", 60,
                "sluice.providers.custom-ollama.base-url", "http://127.0.0.1:1/v1"));
        client = new SluiceClient(server.getURI());
    }

    @AfterAll
    void stop() {
        server.getApplicationContext().close();
    }

    /** The base the client used: the server's URI, {@code localhost} and its port. */
    private String base() {
        return "http://" + server.getURI().getHost() + ":" + server.getPort();
    }

    @Test
    void aProvidersUrlIsTheGatewaysOnTheBaseTheRequestCameIn() throws Exception {
        HttpResponse<String> openai = client.admin("GET", URL + "prod/url/openai", null);
        assertThat(openai.statusCode()).isEqualTo(200);
        assertThat(openai.body()).isEqualTo("{\"success\":true,\"result\":\"" + base() + "/v1/local/prod/openai\","
                + "\"errors\":[],\"messages\":[]}");
        assertThat(client.admin("GET", URL + "prod/url/custom-ollama", null).body())
                .contains("\"result\":\"" + base() + "/v1/local/prod/custom-ollama\"");
        assertThat(client.admin("GET", URL + "prod/url/compat", null).body())
                .contains("\"result\":\"" + base() + "/v1/local/prod/compat\"");
        assertThat(client.admin("GET", URL + "prod/url/universal", null).body())
                .as("the universal endpoint: the gateway's base, with a trailing slash")
                .contains("\"result\":\"" + base() + "/v1/local/prod/\"");
    }

    /** The Host the client used, as it used it; forwarding headers are not Sluice's to trust, and none is read. */
    @Test
    void theBaseIsTheHostTheClientNamedAndNotAForwardedOne() throws Exception {
        try (RawConnection raw = new RawConnection(server.getURI())) {
            String answer = raw.send("GET " + URL + "prod/url/anthropic HTTP/1.1\r\nHost: sluice.example:8443\r\n"
                    + "X-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https\r\n"
                    + "Authorization: Bearer " + SluiceClient.ADMIN + "\r\nConnection: close\r\n\r\n").readUntilClosed();
            assertThat(answer).startsWith("HTTP/1.1 200")
                    .contains("\"result\":\"http://sluice.example:8443/v1/local/prod/anthropic\"");
        }
        try (RawConnection raw = new RawConnection(server.getURI())) {
            String answer = raw.send("GET " + URL + "prod/url/openai HTTP/1.0\r\n"
                    + "Authorization: Bearer " + SluiceClient.ADMIN + "\r\n\r\n").readUntilClosed();
            assertThat(answer).as("HTTP/1.0 without a Host: the address it reached")
                    .contains("\"result\":\"http://127.0.0.1:" + server.getPort() + "/v1/local/prod/openai\"");
        }
    }

    @Test
    void anUnknownProviderOrGatewayIsA404InTheV4Envelope() throws Exception {
        for (String path : new String[] {"prod/url/opnai", "prod/url/OpenAI", "missing/url/openai"}) {
            HttpResponse<String> answer = client.admin("GET", URL + path, null);
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(answer.body()).as(path).startsWith("{\"success\":false,\"result\":null,\"errors\":[{\"code\":2103,")
                    .endsWith("\"messages\":[]}");
        }
        assertThat(client.send(client.request(URL + "prod/url/openai").GET()).statusCode()).isEqualTo(401);
    }
}
