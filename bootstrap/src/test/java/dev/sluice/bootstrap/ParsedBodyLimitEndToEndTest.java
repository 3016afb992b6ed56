package dev.sluice.bootstrap;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The surfaces that read a body as JSON (the unified API, the universal endpoint) take at most
 * {@code sluice.server.max-parsed-body-size}; a body declared over it is refused as its head arrives. They sent
 * {@code 100 Continue} to a client that asked whether to send it, read the whole body, and only then refused it.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParsedBodyLimitEndToEndTest implements TestPropertyProvider {

    private static final int LIMIT = 100_000;

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        try {
            return Map.of(
                    "sluice.data-dir", Files.createTempDirectory("sluice-parsed-limit").toString(),
                    "micronaut.server.port", "-1",
                    "sluice.server.max-parsed-body-size", String.valueOf(LIMIT),
                    "sluice.admin-token", SluiceClient.ADMIN);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String askToSend(String path, int length) throws IOException {
        try (RawConnection asking = new RawConnection(server.getURI())) {
            return asking.send("POST " + path + " HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n"
                    + "cf-aig-event-id: ev-1\r\nexpect: 100-continue\r\ncontent-length: " + length + "\r\n\r\n")
                    .readResponse();
        }
    }

    @Test
    void theUnifiedApiRefusesABodyDeclaredOverItsLimitWithoutAContinue() throws Exception {
        String answer = askToSend("/v1/local/default/compat/chat/completions", LIMIT + 1);
        assertThat(answer).startsWith("HTTP/1.1 413").contains("\"code\":2102")
                .contains("The unified API reads request bodies of at most " + LIMIT + " bytes")
                .contains("this one has " + (LIMIT + 1)).containsIgnoringCase("cf-aig-event-id: ev-1");
        assertThat(askToSend("/v1/local/default/comp%61t/chat/completions", LIMIT + 1)).startsWith("HTTP/1.1 413");
    }

    @Test
    void theUniversalEndpointRefusesABodyDeclaredOverItsLimitWithoutAContinue() throws Exception {
        assertThat(askToSend("/v1/local/default", LIMIT + 1)).startsWith("HTTP/1.1 413").contains("\"code\":2102")
                .contains("The universal endpoint reads request bodies of at most " + LIMIT + " bytes");
        assertThat(askToSend("/v1/local/default/?x=1", LIMIT + 1)).as("the router takes the trailing slash off")
                .startsWith("HTTP/1.1 413").contains("The universal endpoint");
    }

    @Test
    void bodiesWithinTheLimitAndProviderNativeBodiesOverItAreAskedFor() throws Exception {
        assertThat(askToSend("/v1/local/default/compat/chat/completions", LIMIT)).startsWith("HTTP/1.1 100");
        assertThat(askToSend("/v1/local/default/openai/v1/chat/completions", LIMIT + 1)).startsWith("HTTP/1.1 100");
        String chat = "{\"model\":\"mock/m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        try (RawConnection small = new RawConnection(server.getURI())) {
            assertThat(small.send("POST /v1/local/default/compat/chat/completions HTTP/1.1\r\nhost: localhost\r\n"
                    + "content-type: application/json\r\ncontent-length: " + chat.length() + "\r\n\r\n" + chat)
                    .readResponse()).startsWith("HTTP/1.1 200");
        }
    }
}
