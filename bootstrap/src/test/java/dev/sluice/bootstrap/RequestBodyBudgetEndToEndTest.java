package dev.sluice.bootstrap;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
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
                    "sluice.admin-token", SluiceClient.ADMIN,
                    "sluice.gateways.locked.authentication", "true");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String head() {
        return head(CHAT);
    }

    private static String head(String path) {
        return "POST " + path + " HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: "
                + BODY + "\r\n\r\n";
    }

    /**
     * A large body's gateway is checked before it takes its share: the first request to a gateway waits for the
     * store, so a small one is sent first, and a head that must hold the budget holds it as soon as it is read.
     */
    @BeforeAll
    void gatewayKnown() throws Exception {
        try (RawConnection small = new RawConnection(server.getURI())) {
            String chat = "{\"model\":\"mock\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            String request = "POST " + CHAT + " HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n"
                    + "content-length: " + chat.length() + "\r\n\r\n" + chat;
            assertThat(small.send(request).readResponse()).startsWith("HTTP/1.1 200");
        }
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

    /** Micronaut sent 100 Continue, then its 413, to a client that asked whether to send a body over its limit. */
    @Test
    void aBodyDeclaredOverTheServersLimitIsRefusedWithoutAContinue() throws Exception {
        try (RawConnection over = new RawConnection(server.getURI())) {
            String answer = over.send("POST " + CHAT + " HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n"
                    + "expect: 100-continue\r\ncontent-length: 1000001\r\n\r\n").readResponse();
            assertThat(answer).startsWith("HTTP/1.1 413").contains("\"code\":2102");
        }
    }

    /**
     * Found by a probe: with no credentials, two requests to a gateway that does not exist (or without its token),
     * their bodies sent a byte every few seconds, held the whole budget while they waited to be refused, and every
     * large body on every gateway got 503 meanwhile. A large body's gateway is checked before its body is waited for,
     * and a refused one holds nothing, though its connection stays open.
     */
    @Test
    void largeBodiesForGatewaysThatRefuseThemAreAnsweredAtOnceAndHoldNothing() throws Exception {
        String[] refusedPaths = {"/v1/local/no-such-gateway/mock/v1/chat/completions",
            "/v1/other-account/default/mock/v1/chat/completions", "/v1/local/locked/mock/v1/chat/completions"};
        String[] codes = {"2001", "2001", "2009"};
        for (int i = 0; i < refusedPaths.length; i++) {
            try (RawConnection first = new RawConnection(server.getURI());
                 RawConnection second = new RawConnection(server.getURI())) {
                for (RawConnection refused : new RawConnection[] {first, second}) {
                    String answer = refused.send(head(refusedPaths[i])).send("{").readResponse();
                    assertThat(answer).as(refusedPaths[i]).matches("(?s)HTTP/1.1 40[01] .*")
                            .contains("\"code\":" + codes[i]).containsIgnoringCase("cf-aig-log-id");
                }
                try (RawConnection admitted = new RawConnection(server.getURI())) {
                    assertThat(admitted.send(head()).send(body()).readResponse()).as("the budget is free")
                            .startsWith("HTTP/1.1 200");
                }
            }
        }
    }
}
