package dev.sluice.bootstrap;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mockserver.integration.ClientAndServer;
import org.mockserver.model.HttpRequest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/**
 * A browser's cookies are the client's business with the gateway's own site, never a provider's: a {@code Cookie} sent
 * to Sluice reaches no provider, on any surface (a browser sends its cookies on a WebSocket upgrade too), and a
 * provider's {@code Set-Cookie} (Cloudflare's {@code __cf_bm} on OpenAI's answers) reaches no client.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CookieForwardingEndToEndTest implements TestPropertyProvider {

    private static final String COOKIE = "session=dashboard-secret; theme=dark";
    private static final String COMPLETION = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[]}";
    private static final String STEP = "{\"provider\":\"openai\",\"endpoint\":\"chat/completions\","
            + "\"headers\":{\"authorization\":\"Bearer sk-1\"},\"query\":{\"model\":\"gpt-4o-mini\",\"messages\":[]}}";

    private ClientAndServer upstream;

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        try {
            upstream = ClientAndServer.startClientAndServer(0);
            return Map.of(
                    "sluice.data-dir", Files.createTempDirectory("sluice-cookies").toString(),
                    "micronaut.server.port", "-1",
                    "sluice.admin-token", SluiceClient.ADMIN,
                    "sluice.gateways.default.cache-ttl", "0",
                    "sluice.providers.openai.base-url", "http://127.0.0.1:" + upstream.getPort() + "/v1");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stop() {
        upstream.stop();
    }

    @BeforeEach
    void answerWithACookie() {
        upstream.reset();
        upstream.when(request().withPath("/v1/chat/completions"))
                .respond(response().withStatusCode(200).withHeader("content-type", "application/json")
                        .withHeader("set-cookie", "__cf_bm=provider-bot-cookie; path=/; HttpOnly")
                        .withHeader("x-request-id", "up-1").withBody(COMPLETION));
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return new SluiceClient(server.getURI()).post(path, body, "authorization", "Bearer sk-1", "cookie", COOKIE);
    }

    private void assertNoCookieReachedTheProvider() {
        HttpRequest[] received = upstream.retrieveRecordedRequests(request());
        assertThat(received).hasSize(1);
        assertThat(received[0].getFirstHeader("authorization")).isEqualTo("Bearer sk-1");
        assertThat(received[0].containsHeader("cookie")).as("Cookie at the provider").isFalse();
    }

    private static void assertNoProviderCookie(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("x-request-id")).as("the provider's other headers").contains("up-1");
        assertThat(answer.headers().allValues("set-cookie")).as("Set-Cookie at the client").isEmpty();
    }

    @Test
    void theProviderNativeProxyPassesNoCookieEitherWay() throws Exception {
        HttpResponse<String> answer = post("/v1/local/default/openai/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[]}");
        assertNoProviderCookie(answer);
        assertThat(answer.body()).isEqualTo(COMPLETION);
        assertNoCookieReachedTheProvider();
    }

    @Test
    void theUnifiedApiPassesNoCookieEitherWay() throws Exception {
        assertNoProviderCookie(post("/v1/local/default/compat/chat/completions",
                "{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        assertNoCookieReachedTheProvider();
    }

    @Test
    void theUniversalEndpointPassesNoCookieEitherWay() throws Exception {
        assertNoProviderCookie(post("/v1/local/default", "[" + STEP + "]"));
        assertNoCookieReachedTheProvider();
    }

    @Test
    void aBrowsersCookieOnAWebSocketUpgradeReachesNoProvider() throws Exception {
        WebSocketInbox inbox = new WebSocketInbox();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .header("cookie", COOKIE)
                .buildAsync(URI.create("ws://127.0.0.1:" + server.getPort() + "/v1/local/default"), inbox)
                .get(10, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"universal.create\",\"request\":" + STEP + "}", true).get(5, TimeUnit.SECONDS);
        assertThat(inbox.messages.poll(10, TimeUnit.SECONDS)).contains("\"type\":\"universal.created\"");
        assertNoCookieReachedTheProvider();
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }
}
