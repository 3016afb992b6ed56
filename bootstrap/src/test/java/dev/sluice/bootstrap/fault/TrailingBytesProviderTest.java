package dev.sluice.bootstrap.fault;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider that sends more than its answer on a kept-alive connection, through the gateway: the first caller
 * gets the answer the provider framed, and the next call, which Sluice would have sent on the same pooled
 * connection, gets its own answer, never the bytes that followed (a 502 for an innocent request, or, when they
 * made a whole answer, someone else's answer). One event loop and one provider connection at a time, so that a
 * second call waits for the first's connection, as calls do when a busy pool is opening connections.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrailingBytesProviderTest {

    private static final String FIRST = "{\"choices\":[{\"message\":{\"content\":\"first\"}}]}";
    private static final String SECOND = "{\"choices\":[{\"message\":{\"content\":\"second\"}}]}";
    private static final String SMUGGLED = ok("{\"choices\":[{\"message\":{\"content\":\"smuggled\"}}]}");
    private static final String EVENT = "data: {\"choices\":[{\"delta\":{\"content\":\"first\"}}]}\n\n";
    private static final String DONE = "data: [DONE]\n\n";

    private RawUpstream upstream;
    private EmbeddedServer server;
    private FaultClient client;

    @BeforeAll
    void start() throws Exception {
        upstream = new RawUpstream();
        server = ApplicationContext.run(EmbeddedServer.class, Map.ofEntries(
                Map.entry("micronaut.server.port", -1),
                Map.entry("sluice.data-dir", Files.createTempDirectory("sluice-fault-trailing").toString()),
                Map.entry("sluice.admin-token", FaultClient.ADMIN),
                Map.entry("sluice.upstream-timeout", "3s"),
                Map.entry("sluice.logs.flush-interval", "20ms"),
                Map.entry("sluice.providers.custom-raw.base-url", upstream.baseUrl()),
                Map.entry("sluice.gateways.trailing.cache-ttl", "0"),
                Map.entry("sluice.gateways.waiting.cache-ttl", "0"),
                Map.entry("sluice.gateways.waiting-stream.cache-ttl", "0"),
                Map.entry("micronaut.netty.event-loops.default.num-threads", 1),
                Map.entry("micronaut.http.client.pool.max-concurrent-http1-connections", 1)));
        client = new FaultClient(server.getURI());
    }

    @AfterAll
    void stop() throws IOException {
        try {
            if (server != null) {
                server.getApplicationContext().close();
            }
        } finally {
            upstream.close();
        }
    }

    /** The waiting call is given the connection as the first answer's end is read, before what follows it. */
    @Test
    void aCallWaitingForTheConnectionIsNotGivenTheAnswerSentAfterTheOneBeforeIt() throws Exception {
        HttpResponse<String> first = whileASecondCallWaits("waiting", connection -> {
            Thread.sleep(300);
            connection.write(ok(FIRST) + SMUGGLED);
        });

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo(FIRST);
    }

    /** The same after a stream's terminating chunk ({@code 0\r\n\r\n}). */
    @Test
    void aCallWaitingForTheConnectionIsNotGivenTheAnswerSentAfterAStream() throws Exception {
        HttpResponse<String> first = whileASecondCallWaits("waiting-stream", connection -> {
            connection.write("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"
                    + "transfer-encoding: chunked\r\n\r\n");
            connection.chunk(EVENT);
            Thread.sleep(300);
            connection.write(Integer.toHexString(DONE.length()) + "\r\n" + DONE + "\r\n0\r\n\r\n" + SMUGGLED);
        });

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo(EVENT + DONE);
    }

    /** Garbage, or the start of a head, kept by the codec, was read as the start of the next answer: a 502. */
    @Test
    void bytesAfterAnAnswerAreNeverTheStartOfTheNextOne() throws Exception {
        for (String trailer : List.of("HTTP/1.1 200 OK\r\ncontent-le", "not HTTP at all\r\n\r\n", SMUGGLED)) {
            upstream.behave(connection -> connection.write(ok(FIRST) + trailer));
            assertThat(call("first").body()).isEqualTo(FIRST);

            assertSecondCallGetsItsOwnAnswer();
        }
    }

    /** Sent once the answer has been read whole, on a connection the pool holds idle. */
    @Test
    void bytesSentToAnIdleConnectionAreNeverTheNextCallers() throws Exception {
        for (String trailer : List.of(SMUGGLED, "HTTP/1.1 200 OK\r\ncontent-le")) {
            upstream.behave(connection -> {
                connection.write(ok(FIRST));
                Thread.sleep(100);
                connection.write(trailer);
            });
            assertThat(call("first").body()).isEqualTo(FIRST);
            Thread.sleep(400);

            assertSecondCallGetsItsOwnAnswer();
        }
    }

    /**
     * Makes a first call answered by {@code answer} and, 100 ms later, a second one, which waits for the first's
     * connection; asserts the second gets its own answer and both are logged as successes, and returns the first's.
     */
    private HttpResponse<String> whileASecondCallWaits(String gateway, RawUpstream.Behaviour answer) throws Exception {
        AtomicInteger requests = new AtomicInteger();
        upstream.behave(connection -> {
            if (requests.incrementAndGet() == 1) {
                answer.answer(connection);
            } else {
                connection.write(ok(SECOND));
            }
        });
        CompletableFuture<HttpResponse<String>> first =
                CompletableFuture.supplyAsync(() -> callUnchecked(gateway, "first"));
        Thread.sleep(100);
        HttpResponse<String> second = call(gateway, "second");

        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(SECOND);
        HttpResponse<String> answered = first.get(5, TimeUnit.SECONDS);
        assertThat(client.awaitLogCount(gateway, 2, Duration.ofSeconds(5))).as("entries logged").isEqualTo(2);
        assertThat(FaultClient.outcomes(client.logs(gateway))).containsExactly("200/true", "200/true");
        return answered;
    }

    private void assertSecondCallGetsItsOwnAnswer() throws Exception {
        upstream.behave(connection -> connection.write(ok(SECOND)));
        HttpResponse<String> second = call("second");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(SECOND);
    }

    private HttpResponse<String> call(String prompt) throws Exception {
        return call("trailing", prompt);
    }

    private HttpResponse<String> call(String gateway, String prompt) throws Exception {
        return client.send(client.post("/v1/local/" + gateway + "/custom-raw/v1/chat/completions",
                FaultClient.prompt(prompt), Duration.ofSeconds(5)));
    }

    private HttpResponse<String> callUnchecked(String gateway, String prompt) {
        try {
            return call(gateway, prompt);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String ok(String json) {
        return "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: " + json.length()
                + "\r\n\r\n" + json;
    }
}
