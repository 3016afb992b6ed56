package dev.sluice.bootstrap.fault;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A provider that fails on the wire, seen from both ends: what the client gets, what the logs API records,
 * and (counted at the provider's socket) that Sluice holds no provider connection once the call is over.
 * Each test uses its own gateway so its log entries are its own. {@code sluice.upstream-timeout} is 3 s
 * here: long enough that a connection closed within a second of a 504 was closed by the request timeout,
 * not by the provider-wide one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderFaultTest {

    private static final String EVENT = "data: {\"choices\":[{\"delta\":{\"content\":\"part\"}}]}\n\n";
    private static final String STREAM_HEAD = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"
            + "transfer-encoding: chunked\r\n\r\n";
    private static final List<String> GATEWAYS = List.of("reset-early", "reset-late", "hang", "trickle-stall",
            "trickle-steady", "client-leaves", "short-body", "short-body-ws", "bad-chunk", "empty-head", "bad-chunk-universal",
            "head-only");

    /** A 200 head promising 1,000 bytes, 7 of them, then an orderly close. */
    private static final RawUpstream.Behaviour SHORT_BODY = answerThenClose(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"a\":1");
    /** A 200 head, then a chunk size that is not hex, then an orderly close: the body fails before its first byte. */
    private static final RawUpstream.Behaviour BAD_FIRST_CHUNK = answerThenClose(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\nZZZ\r\n");

    private static final int HANGS = 6;

    private RawUpstream upstream;
    private EmbeddedServer server;
    private FaultClient client;

    @BeforeAll
    void start() throws Exception {
        upstream = new RawUpstream();
        Map<String, Object> properties = new HashMap<>(Map.of(
                "micronaut.server.port", -1,
                "sluice.data-dir", Files.createTempDirectory("sluice-fault-provider").toString(),
                "sluice.admin-token", FaultClient.ADMIN,
                "sluice.upstream-timeout", "3s",
                "sluice.logs.flush-interval", "20ms",
                "sluice.providers.custom-raw.base-url", upstream.baseUrl()));
        GATEWAYS.forEach(gateway -> properties.put("sluice.gateways." + gateway + ".cache-ttl", "0"));
        server = ApplicationContext.run(EmbeddedServer.class, properties);
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

    private static RawUpstream.Behaviour answerThenClose(String bytes) {
        return connection -> {
            connection.write(bytes);
            Thread.sleep(100);
            connection.end();
        };
    }

    private int mark;
    private LogCapture logged;

    @BeforeEach
    void markTheConnectionsFromHere() {
        mark = upstream.mark();
        logged = new LogCapture();
    }

    @AfterEach
    void stopCapturing() {
        logged.close();
    }

    /** An expected event (a provider failing, a client leaving) is logged without a stack trace. */
    private void noStackTraceLogged(String fault) throws InterruptedException {
        Thread.sleep(100);
        List<String> traces = logged.stackTraces();
        System.out.printf("FAULT %s: %d warnings/errors with a stack trace %s%n", fault, traces.size(), traces);
        assertThat(traces).as("warnings or errors logged with a stack trace").isEmpty();
    }

    /** Provider connections of this test still open after {@code max}; prints when the last one closed. */
    private int openAfter(String fault, Duration max) throws InterruptedException {
        long millis = upstream.millisUntilClosedSince(mark, Duration.ofSeconds(5));
        System.out.printf("FAULT %s: last provider connection closed %s after the client's answer%n", fault,
                millis < 0 ? "more than 5 s" : millis + " ms");
        return millis >= 0 && millis <= max.toMillis() ? 0 : Math.max(1, upstream.openSince(mark));
    }

    private static String path(String gateway) {
        return "/v1/local/" + gateway + "/custom-raw/v1/chat/completions";
    }

    private String onlyEntry(String gateway) throws Exception {
        assertThat(client.awaitLogCount(gateway, 1, Duration.ofSeconds(5))).as("entries logged").isEqualTo(1);
        List<String> outcomes = FaultClient.outcomes(client.logs(gateway));
        System.out.printf("FAULT %s: logged (status/success) %s%n", gateway, outcomes);
        assertThat(outcomes).hasSize(1);
        return outcomes.get(0);
    }

    @Test
    void aResetBeforeAnyContentIsA502AndLeavesNoConnection() throws Exception {
        upstream.behave(RawUpstream.Connection::reset);

        HttpResponse<String> response = client.send(client.post(path("reset-early"), FaultClient.prompt("x"),
                Duration.ofSeconds(10)));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("\"success\":false")
                .as("it was reached: it took the request and then closed").contains("closed the connection before answering");
        assertThat(onlyEntry("reset-early")).isEqualTo("502/false");
        assertThat(upstream.mark() - mark).as("one attempt, no retry unless asked").isEqualTo(1);
        assertThat(openAfter("reset-early", Duration.ofSeconds(1))).as("provider connections open").isZero();
        noStackTraceLogged("reset-early");
    }

    @Test
    void aResetAfterPartOfAStreamCutsTheClientsStreamAndLeavesNoConnection() throws Exception {
        upstream.behave(connection -> {
            connection.write(STREAM_HEAD);
            connection.chunk(EVENT);
            connection.chunk(EVENT);
            Thread.sleep(200);
            connection.reset();
        });

        HttpResponse<InputStream> response = client.send(client.post(path("reset-late"),
                "{\"stream\":true}", Duration.ofSeconds(10)), HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).as("the head was already sent").isEqualTo(200);
        try (InputStream body = response.body()) {
            byte[] first = body.readNBytes(EVENT.length() * 2);
            assertThat(new String(first)).isEqualTo(EVENT + EVENT);
            assertThatThrownBy(body::readAllBytes).as("the client sees a cut stream, never a clean end")
                    .isInstanceOf(IOException.class);
        }
        assertThat(onlyEntry("reset-late")).endsWith("/false");
        assertThat(openAfter("reset-late", Duration.ofSeconds(1))).as("provider connections open").isZero();
        noStackTraceLogged("reset-late");
    }

    @Test
    void aBodyShorterThanItsContentLengthIsCutAndLoggedWithoutAStackTrace() throws Exception {
        upstream.behave(SHORT_BODY);

        HttpResponse<InputStream> response = client.send(client.post(path("short-body"), FaultClient.prompt("x"),
                Duration.ofSeconds(10)), HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).as("the head was already sent").isEqualTo(200);
        try (InputStream body = response.body()) {
            assertThatThrownBy(body::readAllBytes).as("the client sees a cut body").isInstanceOf(IOException.class);
        }
        assertThat(onlyEntry("short-body")).endsWith("/false");
        assertThat(openAfter("short-body", Duration.ofSeconds(1))).as("provider connections open").isZero();
        noStackTraceLogged("short-body");
    }

    @Test
    void aBodyThatFailsBeforeItsFirstByteIsA502WithTheAnswersIdsNotAnEmptyReply() throws Exception {
        upstream.behave(BAD_FIRST_CHUNK);

        HttpResponse<String> response = client.send(client.post(path("bad-chunk"), FaultClient.prompt("x"),
                Duration.ofSeconds(10)));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("\"code\":2005").contains("before its body's first byte");
        String logId = response.headers().firstValue("cf-aig-log-id").orElseThrow();
        assertThat(onlyEntry("bad-chunk")).as("logged as what the client got").isEqualTo("502/false");
        assertThat(client.logs("bad-chunk")).contains(logId);
        // Found by a probe: the entry's response was empty, though the client was told why.
        assertThat(client.get("/client/v4/accounts/local/ai-gateway/gateways/bad-chunk/logs/" + logId + "/response")
                .body()).contains("\"code\":2005").contains("before its body's first byte");
        assertThat(openAfter("bad-chunk", Duration.ofSeconds(1))).as("provider connections open").isZero();
        noStackTraceLogged("bad-chunk");
    }

    @Test
    void aUniversalStepWhoseBodyFailsBeforeItsFirstByteFallsBack() throws Exception {
        upstream.behave(BAD_FIRST_CHUNK);
        String steps = "[{\"provider\":\"custom-raw\",\"endpoint\":\"v1/chat/completions\",\"query\":" + FaultClient.prompt("x")
                + "},{\"provider\":\"mock\",\"endpoint\":\"v1/chat/completions\",\"query\":" + FaultClient.prompt("y") + "}]";

        HttpResponse<String> response = client.send(client.post("/v1/local/bad-chunk-universal", steps,
                Duration.ofSeconds(10)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("cf-aig-step")).contains("1");
        assertThat(response.body()).contains("choices");
        noStackTraceLogged("bad-chunk-universal");
    }

    @Test
    void anEmptyBodyIsStillAnAnswer() throws Exception {
        upstream.behave(connection -> connection.write("HTTP/1.1 204 No Content\r\nx-provider: yes\r\n\r\n"));

        HttpResponse<String> response = client.send(client.post(path("empty-head"), FaultClient.prompt("x"),
                Duration.ofSeconds(10)));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("x-provider")).contains("yes");
        assertThat(onlyEntry("empty-head")).isEqualTo("204/true");
    }

    @Test
    void aBodyCutShortOverTheUniversalWebSocketIsAUniversalErrorNotASuccessWithoutItsBody() throws Exception {
        upstream.behave(SHORT_BODY);
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        URI uri = URI.create("ws://127.0.0.1:" + server.getPort() + "/v1/local/short-body-ws");
        WebSocket socket = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(uri, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        messages.add(data.toString());
                        webSocket.request(1);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);

        socket.sendText("{\"type\":\"universal.create\",\"request\":{\"eventId\":\"cut\",\"provider\":\"custom-raw\","
                + "\"endpoint\":\"v1/chat/completions\",\"headers\":{},\"query\":" + FaultClient.prompt("x") + "}}", true)
                .get(5, TimeUnit.SECONDS);

        String message = messages.poll(10, TimeUnit.SECONDS);
        System.out.printf("FAULT short-body-ws: %s%n", message);
        assertThat(message).as("the answer's one message").isNotNull()
                .contains("\"type\":\"universal.error\"", "\"eventId\":\"cut\"", "\"step\":\"0\"", "\"logId\":",
                        "\"code\":2005", "ended before its end")
                .doesNotContain("universal.created");
        assertThat(onlyEntry("short-body-ws")).endsWith("/false");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        noStackTraceLogged("short-body-ws");
    }

    @Test
    void hangingCallsAre504sAtTheRequestTimeoutAndTheirConnectionsAreClosedAtOnce() throws Exception {
        upstream.behave(connection -> connection.awaitClosed(Duration.ofSeconds(30)));

        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(HANGS);
        long started = System.nanoTime();
        for (int i = 0; i < HANGS; i++) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return client.send(client.post(path("hang"), FaultClient.prompt("x"), Duration.ofSeconds(10))
                            .header("cf-aig-request-timeout", "500"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, senders));
        }
        senders.shutdown();
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            responses.add(answer.get(20, TimeUnit.SECONDS));
        }
        long answeredMillis = (System.nanoTime() - started) / 1_000_000;
        int open = openAfter("hang", Duration.ofSeconds(1));
        System.out.printf("FAULT hang: %d requests answered %s within %d ms%n", HANGS,
                responses.stream().map(HttpResponse::statusCode).toList(), answeredMillis);

        for (HttpResponse<String> response : responses) {
            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(response.body()).contains("\"code\":2106");
        }
        assertThat(answeredMillis).as("answered at the request timeout").isBetween(400L, 2500L);
        assertThat(client.awaitLogCount("hang", HANGS, Duration.ofSeconds(5))).isEqualTo(HANGS);
        assertThat(FaultClient.outcomes(client.logs("hang"))).containsOnly("504/false");
        assertThat(open).as("provider connections open 1 s after the 504s (the provider-wide timeout is 3 s)").isZero();
        noStackTraceLogged("hang");
    }

    @Test
    void aHeadWithoutItsBodyIsA504AtTheRequestTimeoutWhichCountsToTheFirstByteOfContent() throws Exception {
        upstream.behave(connection -> {
            connection.write(STREAM_HEAD);
            connection.awaitClosed(Duration.ofSeconds(30));
        });

        long started = System.nanoTime();
        HttpResponse<String> response = client.send(client.post(path("head-only"), "{\"stream\":true}",
                Duration.ofSeconds(10)).header("cf-aig-request-timeout", "500").header("cf-aig-max-attempts", "1"));
        long answeredMillis = (System.nanoTime() - started) / 1_000_000;

        System.out.printf("FAULT head-only: %d after %d ms%n", response.statusCode(), answeredMillis);
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).contains("\"code\":2106");
        assertThat(answeredMillis).as("at the request timeout, not the provider-wide 3 s").isBetween(400L, 2500L);
        assertThat(onlyEntry("head-only")).isEqualTo("504/false");
        assertThat(openAfter("head-only", Duration.ofSeconds(1))).as("provider connections open").isZero();
        noStackTraceLogged("head-only");
    }

    @Test
    void aBodyThatStallsPastTheTimeoutIsCutAndItsConnectionClosed() throws Exception {
        upstream.behave(connection -> {
            connection.write(STREAM_HEAD);
            connection.chunk(EVENT);
            for (int i = 0; i < 5 && !connection.isClosed(); i++) {
                Thread.sleep(4000);
                connection.chunk(EVENT);
            }
            connection.write("0\r\n\r\n");
        });

        long started = System.nanoTime();
        HttpResponse<InputStream> response = client.send(client.post(path("trickle-stall"),
                "{\"stream\":true}", Duration.ofSeconds(15)).header("cf-aig-request-timeout", "1000"),
                HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        try (InputStream body = response.body()) {
            assertThat(new String(body.readNBytes(EVENT.length()))).isEqualTo(EVENT);
            assertThatThrownBy(body::readAllBytes).as("a stream the provider stalled is cut, never ended cleanly")
                    .isInstanceOf(IOException.class);
        }
        long cutMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("FAULT trickle-stall: stream cut after %d ms%n", cutMillis);
        assertThat(cutMillis).as("cut by the 3 s idle timeout, not after the provider's 20 s").isBetween(2500L, 8000L);
        assertThat(onlyEntry("trickle-stall")).endsWith("/false");
        assertThat(openAfter("trickle-stall", Duration.ofSeconds(1))).as("provider connections open").isZero();
        noStackTraceLogged("trickle-stall");
    }

    @Test
    void aSteadyTrickleLongerThanEveryTimeoutArrivesWhole() throws Exception {
        upstream.behave(connection -> {
            connection.write(STREAM_HEAD);
            for (int i = 0; i < 9; i++) {
                connection.chunk(EVENT);
                Thread.sleep(500);
            }
            connection.write("0\r\n\r\n");
            connection.awaitClosed(Duration.ofSeconds(30));
        });

        long started = System.nanoTime();
        HttpResponse<String> response = client.send(client.post(path("trickle-steady"), "{\"stream\":true}",
                Duration.ofSeconds(15)).header("cf-aig-request-timeout", "1000"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(EVENT.repeat(9));
        assertThat((System.nanoTime() - started) / 1_000_000).as("longer than both timeouts").isGreaterThan(4000L);
        assertThat(onlyEntry("trickle-steady")).isEqualTo("200/true");
        assertThat(upstream.openSince(mark)).as("at most the one connection kept alive for reuse").isLessThanOrEqualTo(1);
    }

    @Test
    void aClientThatLeavesAStreamReleasesTheProviderConnectionWithinASecond() throws Exception {
        upstream.behave(connection -> {
            connection.write(STREAM_HEAD);
            for (int i = 0; i < 100 && !connection.isClosed(); i++) {
                connection.chunk(EVENT);
                Thread.sleep(200);
            }
            connection.write("0\r\n\r\n");
        });

        byte[] body = "{\"stream\":true}".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path("client-leaves") + " HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n"
                    + "content-length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            String seen = new String(socket.getInputStream().readNBytes(200), StandardCharsets.ISO_8859_1);
            assertThat(seen).startsWith("HTTP/1.1 200");
        }
        int open = openAfter("client-leaves", Duration.ofSeconds(1));
        assertThat(onlyEntry("client-leaves")).isEqualTo("499/false");
        assertThat(open).as("provider connections open 1 s after the client left").isZero();
        noStackTraceLogged("client-leaves");
    }
}
