package dev.sluice.adapters.gateway.transport;

import dev.sluice.adapters.gateway.transport.ScriptedUpstream.Script;
import dev.sluice.domain.exchange.UpstreamResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.sluice.adapters.gateway.transport.ProviderClient.text;
import static dev.sluice.adapters.gateway.transport.ScriptedUpstream.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider that sends more than its answer on a kept-alive connection: garbage, the start of another head, or a
 * whole second answer. The answer it framed is its caller's; whatever follows must never reach the next call on
 * that connection (a parse failure for an innocent request, or, for a whole smuggled answer, someone else's
 * answer). The connection is closed instead, and the next call is answered on a fresh one.
 */
class TrailingBytesTest {

    private static final String SMUGGLED = ok("smuggled");

    private ScriptedUpstream upstream;
    private ProviderClient client;

    private void start(Map<String, Object> clientSettings) throws Exception {
        upstream = new ScriptedUpstream();
        client = new ProviderClient(Duration.ofSeconds(5), clientSettings);
        upstream.script("/second", Script.of(ok("second")));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        upstream.close();
    }

    static Stream<Arguments> trailers() {
        return Stream.of("garbage that is not HTTP\r\n\r\n", SMUGGLED, "HTTP/1.1 200 OK\r\ncontent-le",
                "HTTP/1.1 200 OK\r\n", "HTTP/1.1 2").flatMap(trailer -> Stream.of(
                Arguments.of("content-length", ok("first"), trailer),
                Arguments.of("chunked", chunked("data: first\n\n"), trailer)));
    }

    @ParameterizedTest(name = "{0} answer, then {2}")
    @MethodSource("trailers")
    void bytesInTheReadThatEndsAnAnswerNeverReachTheNextCall(String framing, String answer, String trailer)
            throws Exception {
        start(Map.of());
        upstream.script("/first", Script.of(answer + trailer));

        assertThat(text(call("/first"))).isEqualTo(answer.endsWith("0\r\n\r\n") ? "data: first\n\n" : "first");
        assertThat(text(call("/second"))).isEqualTo("second");
        assertThat(upstream.accepted()).as("connections: the first was not reused").isEqualTo(2);
    }

    @ParameterizedTest(name = "{0} answer, then {2}")
    @MethodSource("trailers")
    void bytesOnAnIdleConnectionCloseIt(String framing, String answer, String trailer) throws Exception {
        start(Map.of());
        upstream.script("/first", new Script(answer, Duration.ofMillis(100), trailer));

        assertThat(text(call("/first"))).isEqualTo(answer.endsWith("0\r\n\r\n") ? "data: first\n\n" : "first");
        Thread.sleep(400);
        assertThat(text(call("/second"))).isEqualTo("second");
        assertThat(upstream.accepted()).as("connections: the first was not reused").isEqualTo(2);
    }

    /** Handed over as a stream at its first chunk, the answer still ends whole when its last read brings more. */
    @Test
    void aStreamedAnswerWhoseLastReadBringsAnotherAnswerEndsWholeAlone() throws Exception {
        start(Map.of());
        String head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
        upstream.script("/first", new Script(head + chunk("data: first\n\n"), Duration.ofMillis(200),
                chunk("data: second\n\n") + "0\r\n\r\n" + SMUGGLED));

        assertThat(text(call("/first"))).isEqualTo("data: first\n\ndata: second\n\n");
        assertThat(text(call("/second"))).isEqualTo("second");
        assertThat(upstream.accepted()).as("connections: the first was not reused").isEqualTo(2);
    }

    /**
     * A provider that splits its answer inside a line makes the codec keep the line's start and join the next read
     * to it, so what follows the answer's end cannot be counted: the connection is not reused, whatever followed.
     */
    @Test
    void anAnswerSplitInsideALineIsNotFollowedOnItsConnection() throws Exception {
        start(Map.of());
        upstream.script("/first", new Script("HTTP/1.1 200 OK\r\ncontent-le", Duration.ofMillis(200),
                "ngth: 5\r\n\r\nfirst" + SMUGGLED));
        upstream.script("/clean", new Script("HTTP/1.1 200 OK\r\ncontent-le", Duration.ofMillis(200),
                "ngth: 5\r\n\r\nclean"));

        assertThat(text(call("/first"))).isEqualTo("first");
        assertThat(text(call("/second"))).isEqualTo("second");
        assertThat(text(call("/clean"))).isEqualTo("clean");
        assertThat(text(call("/second"))).isEqualTo("second");
        assertThat(upstream.accepted()).as("a connection after each split answer").isEqualTo(3);
    }

    /**
     * With one connection allowed, the second call waits for the first's; Micronaut hands the connection to it as
     * the first answer's end is read, before the codec has read what follows that end.
     */
    @Test
    void aCallWaitingForTheConnectionIsNotGivenWhatFollowsTheAnswerBeforeIt() throws Exception {
        start(Map.of("micronaut.http.client.pool.max-concurrent-http1-connections", 1));
        upstream.script("/slow", new Script("", Duration.ofMillis(300), ok("first") + SMUGGLED));

        CompletableFuture<UpstreamResponse> first = call("/slow");
        Thread.sleep(100);
        CompletableFuture<UpstreamResponse> second = call("/second");

        assertThat(text(first)).isEqualTo("first");
        assertThat(text(second)).isEqualTo("second");
    }

    /** The same with a 204 that declares a body: the connection is closed before a waiting call is given it. */
    @Test
    void aCallWaitingForTheConnectionIsNotSentOnOneClosedForA204sBody() throws Exception {
        start(Map.of("micronaut.http.client.pool.max-concurrent-http1-connections", 1));
        upstream.script("/slow", new Script("", Duration.ofMillis(300),
                "HTTP/1.1 204 No Content\r\ncontent-length: 5\r\n\r\n"));

        CompletableFuture<UpstreamResponse> first = call("/slow");
        Thread.sleep(100);
        CompletableFuture<UpstreamResponse> second = call("/second");

        assertThat(first.get(5, TimeUnit.SECONDS).status()).isEqualTo(204);
        assertThat(text(second)).isEqualTo("second");
    }

    /**
     * With one connection allowed, each call waits for the one before's: with more, a call made the moment the one
     * before had its answer, before the pool had the connection back, opened a second (once in a CI run).
     */
    @Test
    void wholeAnswersStillShareOneConnection() throws Exception {
        start(Map.of("micronaut.http.client.pool.max-concurrent-http1-connections", 1));
        upstream.script("/first", Script.of(chunked("data: first\n\n")));
        for (int i = 0; i < 3; i++) {
            assertThat(text(call("/first"))).isEqualTo("data: first\n\n");
            assertThat(text(call("/second"))).isEqualTo("second");
        }
        assertThat(upstream.accepted()).isEqualTo(1);
    }

    private CompletableFuture<UpstreamResponse> call(String path) {
        return client.call("custom-scripted", upstream.baseUrl(), path);
    }

    private static String chunked(String event) {
        return "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
                + chunk(event) + "0\r\n\r\n";
    }

    private static String chunk(String event) {
        return Integer.toHexString(event.length()) + "\r\n" + event + "\r\n";
    }
}
