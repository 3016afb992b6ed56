package dev.sluice.bootstrap.fault;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider that answers, but not as HTTP providers should: what the client gets and what the logs API
 * records. Where {@link ProviderFaultTest} stages a provider failing on the wire, these are answers a
 * broken or hostile provider (or a proxy in front of one) sends. Each test uses its own gateway.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MisbehavingProviderTest {

    private static final List<String> GATEWAYS = List.of("redirect", "interim", "bad-status", "no-body", "bad-head",
            "big-head", "coded", "compat-no-body", "no-body-sent", "compat-no-content", "compat-gzip", "untyped",
            "compat-passed");
    private static final String ANSWER = "{\"choices\":[{\"message\":{\"content\":\"hi\"}}]}";

    private RawUpstream upstream;
    private RawUpstream elsewhere;
    private EmbeddedServer server;
    private FaultClient client;

    @BeforeAll
    void start() throws Exception {
        upstream = new RawUpstream();
        elsewhere = new RawUpstream();
        elsewhere.behave(connection -> connection.write(ok(ANSWER)));
        Map<String, Object> properties = new HashMap<>(Map.of(
                "micronaut.server.port", -1,
                "sluice.data-dir", Files.createTempDirectory("sluice-fault-misbehaving").toString(),
                "sluice.admin-token", FaultClient.ADMIN,
                "sluice.upstream-timeout", "3s",
                "sluice.logs.flush-interval", "20ms",
                "sluice.providers.custom-raw.base-url", upstream.baseUrl(),
                "sluice.providers.anthropic.base-url", upstream.baseUrl(),
                "sluice.providers.openai.base-url", upstream.baseUrl() + "/v1"));
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
            elsewhere.close();
        }
    }

    /**
     * Following it would send the client's body and provider keys ({@code x-api-key} and the like) to a host
     * the provider chose, internal ones included, and hand back what that host answered as the provider's.
     */
    @Test
    void aRedirectIsPassedBackToTheClientNeverFollowed() throws Exception {
        String location = elsewhere.baseUrl() + "/internal/admin";
        upstream.behave(connection -> connection.write("HTTP/1.1 307 Temporary Redirect\r\nlocation: " + location
                + "\r\ncontent-length: 0\r\n\r\n"));

        HttpResponse<String> response = client.send(client.post(path("redirect"), FaultClient.prompt("x"),
                Duration.ofSeconds(10)).header("x-api-key", "sk-ant-secret"));

        assertThat(response.statusCode()).isEqualTo(307);
        assertThat(response.headers().firstValue("location")).contains(location);
        assertThat(elsewhere.requests()).as("requests that reached the redirect's target").isZero();
        assertThat(onlyEntry("redirect")).isEqualTo("307/false");
    }

    @Test
    void anInterimAnswerIsSkippedAndTheFinalOneBehindItRelayed() throws Exception {
        upstream.behave(connection -> connection.write("HTTP/1.1 103 Early Hints\r\nlink: </style.css>; rel=preload\r\n\r\n"
                + ok(ANSWER)));

        HttpResponse<String> response = client.send(client.post(path("interim"), FaultClient.prompt("x"),
                Duration.ofSeconds(5)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(ANSWER);
        assertThat(onlyEntry("interim")).isEqualTo("200/true");
    }

    @Test
    void aStatusOutsideHttpsRangeIsA502NotALineTheClientCannotParse() throws Exception {
        for (String status : List.of("1000 Big", "099 Low")) {
            upstream.behave(connection -> connection.write("HTTP/1.1 " + status + "\r\ncontent-type: application/json"
                    + "\r\ncontent-length: " + ANSWER.length() + "\r\n\r\n" + ANSWER));

            HttpResponse<String> response = client.send(client.post(path("bad-status"), FaultClient.prompt(status),
                    Duration.ofSeconds(5)));

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.body()).contains("\"code\":2005")
                    .contains("answered an invalid status (" + Integer.parseInt(status.split(" ")[0]) + ")");
        }
        assertThat(client.awaitLogCount("bad-status", 2, Duration.ofSeconds(5))).isEqualTo(2);
        assertThat(FaultClient.outcomes(client.logs("bad-status"))).containsExactly("502/false", "502/false");
    }

    /** The provider took the request and answered: "could not reach" it, as the client was told, was wrong. */
    @Test
    void aHeadThatIsNotHttpOrTooLargeIsA502SayingTheProviderAnsweredIt() throws Exception {
        Map<String, String> heads = Map.of(
                "HTTP/1.1 200 OK\r\nx-big: " + "a".repeat(70_000) + "\r\n\r\n", "answered a header block too large",
                "HTTP/1.1 200 " + "O".repeat(20_000) + "\r\n\r\n", "answered a status line too long",
                "hello, I do not speak HTTP\r\n\r\n", "answered a head that is not HTTP/1.1");
        for (Map.Entry<String, String> head : heads.entrySet()) {
            upstream.behave(connection -> {
                connection.write(head.getKey());
                Thread.sleep(100);
                connection.end();
            });

            HttpResponse<String> response = client.send(client.post(path("bad-head"), FaultClient.prompt("x"),
                    Duration.ofSeconds(5)));

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.body()).contains("\"code\":2005").contains(head.getValue())
                    .doesNotContain("could not reach");
        }
        assertThat(client.awaitLogCount("bad-head", 3, Duration.ofSeconds(5))).isEqualTo(3);
    }

    /**
     * {@code gzip, chunked}: the codec took the chunks off and left the gzip on, so the client got compressed bytes as
     * {@code application/json}, logged as a success without usage, and cacheable.
     */
    @Test
    void anAnswerInATransferCodingSluiceDoesNotDecodeIsA502SayingSo() throws Exception {
        byte[] gzipped = gzip(ANSWER);
        upstream.behave(connection -> {
            connection.write("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: gzip, chunked\r\n\r\n"
                    + Integer.toHexString(gzipped.length) + "\r\n");
            connection.out.write(gzipped);
            connection.write("\r\n0\r\n\r\n");
        });

        HttpResponse<String> response = client.send(client.post(path("coded"), FaultClient.prompt("x"),
                Duration.ofSeconds(5)));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("\"code\":2005")
                .contains("answered a transfer coding Sluice does not decode (gzip, chunked)");
        assertThat(onlyEntry("coded")).isEqualTo("502/false");
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    /**
     * Tracing, rate-limit and cookie headers add up: an answer whose header block is past Micronaut's default of
     * 8 KiB (one header of 20 KB, and 150 headers of 100 bytes) is relayed whole, not refused as a 502.
     */
    @Test
    void anAnswerWithManyOrLongHeadersIsRelayedWithThemAll() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            many.append("x-trace-").append(i).append(": ").append("v".repeat(88)).append("\r\n");
        }
        upstream.behave(connection -> connection.write("HTTP/1.1 200 OK\r\nx-long: " + "l".repeat(20_000) + "\r\n"
                + many + "content-type: application/json\r\ncontent-length: " + ANSWER.length() + "\r\n\r\n"
                + ANSWER));

        HttpResponse<String> response = client.send(client.post(path("big-head"), FaultClient.prompt("x"),
                Duration.ofSeconds(5)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(ANSWER);
        assertThat(response.headers().firstValue("x-long")).contains("l".repeat(20_000));
        assertThat(response.headers().firstValue("x-trace-149")).contains("v".repeat(88));
        assertThat(onlyEntry("big-head")).isEqualTo("200/true");
    }

    /**
     * A 304's {@code Content-Length} is the length a 200 would have had (RFC 9110 8.6), and a 204 that declares one
     * is common enough; neither has a body. Relayed as a promise of that many bytes, the client's connection was
     * closed without any answer.
     */
    @Test
    void aBodilessStatusWithAContentLengthIsRelayedWithoutABody() throws Exception {
        for (String status : List.of("304 Not Modified", "204 No Content")) {
            upstream.behave(connection -> connection.write("HTTP/1.1 " + status + "\r\ncontent-length: " + ANSWER.length()
                    + "\r\netag: \"v1\"\r\n\r\n"));

            HttpResponse<String> response = client.send(client.post(path("no-body"), FaultClient.prompt(status),
                    Duration.ofSeconds(5)));

            assertThat(response.statusCode()).isEqualTo(Integer.parseInt(status.split(" ")[0]));
            assertThat(response.headers().firstValue("etag")).contains("\"v1\"");
            assertThat(response.body()).isEmpty();
        }
        assertThat(client.awaitLogCount("no-body", 2, Duration.ofSeconds(5))).isEqualTo(2);
        assertThat(FaultClient.outcomes(client.logs("no-body"))).containsExactly("204/true", "304/false");
    }

    /** The bytes after the 204 were read as the next answer's head on the pooled connection: that call failed. */
    @Test
    void aBodySentAfterA204DoesNotSpoilTheNextCallOnItsConnection() throws Exception {
        upstream.behave(connection -> connection.write("HTTP/1.1 204 No Content\r\ncontent-length: " + ANSWER.length()
                + "\r\n\r\n" + ANSWER));
        HttpResponse<String> first = client.send(client.post(path("no-body-sent"), FaultClient.prompt("first"),
                Duration.ofSeconds(5)));
        upstream.behave(connection -> connection.write(ok(ANSWER)));

        HttpResponse<String> second = client.send(client.post(path("no-body-sent"), FaultClient.prompt("second"),
                Duration.ofSeconds(5)));

        assertThat(first.statusCode()).isEqualTo(204);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(ANSWER);
    }

    /** The unified API writes a provider's error in OpenAI's shape, which a 304 cannot carry. */
    @Test
    void aBodilessStatusThroughTheUnifiedApiIsRelayedWithoutTheErrorBodyItCannotCarry() throws Exception {
        upstream.behave(connection -> connection.write("HTTP/1.1 304 Not Modified\r\ncontent-length: 120\r\n\r\n"));

        HttpResponse<String> response = client.send(client.post("/v1/local/compat-no-body/compat/chat/completions",
                "{\"model\":\"anthropic/claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                Duration.ofSeconds(5)));

        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(response.body()).isEmpty();
        assertThat(onlyEntry("compat-no-body")).isEqualTo("304/false");
    }

    /**
     * A 204 to a streamed unified API call is the 502 the same call gets unstreamed; it went to the client as a 204
     * event stream with nothing in it, and its log held an error event the client never saw.
     */
    @Test
    void aNoContentAnswerToAStreamedUnifiedCallIsThe502OfTheUnstreamedOne() throws Exception {
        upstream.behave(connection -> connection.write("HTTP/1.1 204 No Content\r\nx-n: 1\r\n\r\n"));
        for (boolean stream : new boolean[] {false, true}) {
            HttpResponse<String> response = client.send(client.post(
                    "/v1/local/compat-no-content/compat/chat/completions", "{\"model\":\"anthropic/claude-sonnet-4-5\","
                            + "\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                    Duration.ofSeconds(5)));

            assertThat(response.statusCode()).as("stream " + stream).isEqualTo(502);
            assertThat(response.headers().firstValue("content-type")).contains("application/json");
            assertThat(response.body()).contains("The provider answered, but its answer was not what it documents");
        }
        assertThat(client.awaitLogCount("compat-no-content", 2, Duration.ofSeconds(5))).isEqualTo(2);
        assertThat(FaultClient.outcomes(client.logs("compat-no-content"))).containsExactly("502/false", "502/false");
    }

    /**
     * A 204 declared an event stream to a streamed call through the unified API to an OpenAI-format provider (passed
     * through, not translated) goes on as the provider sent it, and the log keeps what the client got: nothing. The
     * stream watcher put an error event for a stream cut short into the log, which the client never saw.
     */
    @Test
    void aNoContentAnswerPassedThroughIsLoggedAsTheClientGotIt() throws Exception {
        upstream.behave(connection -> connection.write(
                "HTTP/1.1 204 No Content\r\ncontent-type: text/event-stream\r\n\r\n"));

        HttpResponse<String> response = client.send(client.post("/v1/local/compat-passed/compat/chat/completions",
                "{\"model\":\"openai/gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                Duration.ofSeconds(5)));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(client.awaitLogCount("compat-passed", 1, Duration.ofSeconds(5))).isEqualTo(1);
        String logId = response.headers().firstValue("cf-aig-log-id").orElseThrow();
        HttpResponse<String> logged = client.get("/client/v4/accounts/local/ai-gateway/gateways/compat-passed/logs/"
                + logId + "/response");
        assertThat(logged.body()).doesNotContain("stream_interrupted");
    }

    /** A provider that compresses though it was not asked to: the 502 describes its bytes, it does not quote them. */
    @Test
    void anAnswerTheUnifiedApiCannotReadIsDescribedNotQuotedWhenItIsNotText() throws Exception {
        byte[] gzipped = gzip("{\"id\":\"msg_1\",\"type\":\"message\",\"content\":[]}");
        upstream.behave(connection -> {
            connection.write("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\n"
                    + "content-length: " + gzipped.length + "\r\n\r\n");
            connection.out.write(gzipped);
        });

        HttpResponse<String> response = client.send(client.post("/v1/local/compat-gzip/compat/chat/completions",
                "{\"model\":\"anthropic/claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                Duration.ofSeconds(5)));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains(gzipped.length + " bytes that are not text (gzip)")
                .doesNotContain("\\ufffd").doesNotContain("\ufffd");
    }

    /** An answer the provider sent without a type goes on without one, not as {@code Content-Type: *}{@code /*}. */
    @Test
    void anAnswerWithoutATypeGoesOnWithoutOne() throws Exception {
        Map<String, Integer> heads = Map.of(
                "HTTP/1.1 200 OK\r\ncontent-length: " + ANSWER.length() + "\r\n\r\n" + ANSWER, 200,
                "HTTP/1.1 204 No Content\r\nx-n: 1\r\n\r\n", 204);
        for (Map.Entry<String, Integer> head : heads.entrySet()) {
            upstream.behave(connection -> connection.write(head.getKey()));

            HttpResponse<String> response = client.send(client.post(path("untyped"), FaultClient.prompt("x"),
                    Duration.ofSeconds(5)));

            assertThat(response.statusCode()).isEqualTo(head.getValue());
            assertThat(response.headers().firstValue("content-type")).as(head.getKey()).isEmpty();
        }
    }

    private static String ok(String json) {
        return "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: " + json.length() + "\r\n\r\n" + json;
    }

    private static String path(String gateway) {
        return "/v1/local/" + gateway + "/custom-raw/v1/chat/completions";
    }

    private String onlyEntry(String gateway) throws Exception {
        assertThat(client.awaitLogCount(gateway, 1, Duration.ofSeconds(5))).as("entries logged").isEqualTo(1);
        List<String> outcomes = FaultClient.outcomes(client.logs(gateway));
        assertThat(outcomes).hasSize(1);
        return outcomes.get(0);
    }
}
