package dev.sluice.bootstrap;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request bodies in flight hold at most {@code sluice.server.request-body-budget} together, through the real
 * server: a request whose declared body would pass it is answered 503 (2115) with Retry-After at once, before its body
 * is sent, and admitted again once the body holding the budget has been answered.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestBodyBudgetEndToEndTest implements TestPropertyProvider {

    private static final int BODY = 900_000;
    private static final String CHAT = "/v1/local/default/mock/v1/chat/completions";

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        try {
            return Map.of(
                    "sluice.data-dir", Files.createTempDirectory("sluice-body-budget").toString(),
                    "micronaut.server.port", "-1",
                    "micronaut.server.max-request-size", "1000000",
                    "sluice.server.request-body-budget", "1500000",
                    "sluice.admin-token", SluiceClient.ADMIN);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String head() {
        return "POST " + CHAT + " HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: "
                + BODY + "\r\n\r\n";
    }

    /** A chat request padded with blanks to {@link #BODY} bytes. */
    private static byte[] body() {
        String chat = "{\"model\":\"mock\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        return (chat + " ".repeat(BODY - chat.length())).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aBodyThatWouldPassTheBudgetIsRefusedBeforeItIsSentAndAdmittedOnceTheOtherIsAnswered() throws Exception {
        try (RawConnection holding = new RawConnection(server.getURI())) {
            holding.send(head());
            Thread.sleep(300); // its head is read and its share taken; its body is still to come

            try (RawConnection refused = new RawConnection(server.getURI())) {
                String answer = refused.send(head()).readUntilClosed();
                assertThat(answer).startsWith("HTTP/1.1 503").containsIgnoringCase("retry-after: 1")
                        .contains("\"code\":2115").contains("sluice.server.request-body-budget");
            }

            assertThat(holding.send(body()).readResponse()).startsWith("HTTP/1.1 200");
        }
        try (RawConnection admitted = new RawConnection(server.getURI())) {
            assertThat(admitted.send(head()).send(body()).readResponse()).startsWith("HTTP/1.1 200");
        }
    }
}
