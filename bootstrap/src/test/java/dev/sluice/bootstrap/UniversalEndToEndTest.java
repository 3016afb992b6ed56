package dev.sluice.bootstrap;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mockserver.integration.ClientAndServer;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/**
 * The universal endpoint through the real server, with MockServer playing a primary and a backup provider
 * and raw-socket upstreams playing streams that die: what falls back (500, 429, a refused connection, a
 * hang past the step's timeout, a stream cut or failing before content, even after an opening the client would
 * see nothing of: OpenAI's role chunk, Anthropic's message_start), what does not (a success; a stream cut after content, which the client sees end), what comes back when every
 * step fails, header precedence, the logs of every attempt, and bad input refused with nothing sent.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UniversalEndToEndTest implements TestPropertyProvider {

    private static final String UNIVERSAL = "/v1/local/default";
    private static final String LOGS = "/client/v4/accounts/local/ai-gateway/gateways/default/logs";
    private static final String BACKUP_ANSWER = "{\"id\":\"chatcmpl-b\",\"object\":\"chat.completion\",\"choices\":"
            + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"from the backup\"},\"finish_reason\":\"stop\"}]}";
    private static final String BACKUP_STREAM = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"backup\"}}]}\n\n"
            + "data: [DONE]\n\n";

    private ClientAndServer upstream;
    private ScriptedStreamUpstream diesAtOnce;
    private ScriptedStreamUpstream opensWithError;
    private ScriptedStreamUpstream diesAfterContent;
    /** Openings the client would see nothing of: OpenAI's role chunk, Anthropic's message_start; then a failure. */
    private List<ScriptedStreamUpstream> failAfterOpening;
    /** A head, then 15 s of silence before its role chunk. */
    private ScriptedStreamUpstream silentAfterOpening;
    /** A role chunk, then 2 s before its content: a model that thinks. */
    private ScriptedStreamUpstream thinker;
    /** A role chunk, then 15 s of silence, for the client's leaving. */
    private ScriptedStreamUpstream silentForALeaver;

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        try {
            upstream = ClientAndServer.startClientAndServer(0);
            diesAtOnce = new ScriptedStreamUpstream(List.of(), false);
            opensWithError = new ScriptedStreamUpstream(List.of("event: error\ndata: {\"type\":\"error\",\"error\":"
                    + "{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"), true);
            String roleChunk = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                    + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n";
            diesAfterContent = new ScriptedStreamUpstream(List.of(roleChunk,
                    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"half\"}}]}\n\n"), false);
            String messageStart = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":"
                    + "\"msg_1\",\"content\":[],\"usage\":{\"input_tokens\":37,\"output_tokens\":1}}}\n\n"
                    + "event: ping\ndata: {\"type\": \"ping\"}\n\n";
            failAfterOpening = List.of(
                    new ScriptedStreamUpstream(List.of(roleChunk, "data: {\"error\":{\"message\":\"overloaded\"}}\n\n"),
                            true),
                    new ScriptedStreamUpstream(List.of(messageStart, "event: error\ndata: {\"type\":\"error\",\"error\":"
                            + "{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"), true),
                    new ScriptedStreamUpstream(List.of(roleChunk), false));
            String late = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"late\"}}]}\n\n";
            silentAfterOpening = new ScriptedStreamUpstream(List.of(roleChunk, late), true, 0, 15_000);
            thinker = new ScriptedStreamUpstream(List.of(roleChunk, late), true, 2_000);
            silentForALeaver = new ScriptedStreamUpstream(List.of(roleChunk, late), true, 15_000);
            String base = "http://127.0.0.1:" + upstream.getPort();
            return Map.ofEntries(
                    Map.entry("sluice.data-dir", Files.createTempDirectory("sluice-universal-e2e").toString()),
                    Map.entry("micronaut.server.port", "-1"),
                    Map.entry("sluice.admin-token", SluiceClient.ADMIN),
                    Map.entry("sluice.logs.flush-interval", "20ms"),
                    Map.entry("sluice.providers.custom-primary.base-url", base + "/primary/"),
                    Map.entry("sluice.providers.custom-backup.base-url", base + "/backup/"),
                    Map.entry("sluice.providers.custom-dead.base-url", "http://127.0.0.1:1/"),
                    Map.entry("sluice.providers.custom-dies.base-url", diesAtOnce.baseUrl()),
                    Map.entry("sluice.providers.custom-errs.base-url", opensWithError.baseUrl()),
                    Map.entry("sluice.providers.custom-half.base-url", diesAfterContent.baseUrl()),
                    Map.entry("sluice.providers.custom-roleerr.base-url", failAfterOpening.get(0).baseUrl()),
                    Map.entry("sluice.providers.custom-starterr.base-url", failAfterOpening.get(1).baseUrl()),
                    Map.entry("sluice.providers.custom-roledies.base-url", failAfterOpening.get(2).baseUrl()),
                    Map.entry("sluice.providers.custom-silent.base-url", silentAfterOpening.baseUrl()),
                    Map.entry("sluice.providers.custom-leaver.base-url", silentForALeaver.baseUrl()),
                    Map.entry("sluice.providers.custom-thinker.base-url", thinker.baseUrl()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stop() throws IOException {
        upstream.stop();
        diesAtOnce.close();
        opensWithError.close();
        diesAfterContent.close();
        for (ScriptedStreamUpstream each : failAfterOpening) {
            each.close();
        }
        silentAfterOpening.close();
        thinker.close();
        silentForALeaver.close();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    private SluiceClient client() {
        return new SluiceClient(server.getURI());
    }

    private void primary(int status, String body, long delayMs) {
        upstream.when(request().withPath("/primary/chat/completions"))
                .respond(response().withStatusCode(status).withHeader("content-type", "application/json")
                        .withBody(body).withDelay(TimeUnit.MILLISECONDS, delayMs));
    }

    private void backup(int status, String body, String contentType) {
        upstream.when(request().withPath("/backup/chat/completions"))
                .respond(response().withStatusCode(status).withHeader("content-type", contentType).withBody(body));
    }

    private int calls(String provider) {
        return upstream.retrieveRecordedRequests(request().withPath("/" + provider + "/chat/completions")).length;
    }

    private static String step(String provider, String config, boolean stream) {
        return "{\"provider\":\"" + provider + "\",\"endpoint\":\"chat/completions\",\"headers\":{\"authorization\":"
                + "\"Bearer key-" + provider + "\"},\"config\":{" + config + "},\"query\":{\"model\":\"m\",\"stream\":"
                + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + UUID.randomUUID() + "\"}]}}";
    }

    private HttpResponse<String> send(String... steps) throws Exception {
        return client().post(UNIVERSAL, "[" + String.join(",", steps) + "]");
    }

    private static String stepHeader(HttpResponse<?> response) {
        return response.headers().firstValue("cf-aig-step").orElse("(none)");
    }

    @Test
    void aPrimaryThatAnswersIsTheAnswerAndTheBackupIsNeverCalled() throws Exception {
        primary(200, "{\"id\":\"p\"}", 0);
        backup(200, BACKUP_ANSWER, "application/json");
        HttpResponse<String> answer = send(step("custom-primary", "", false), step("custom-backup", "", false));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"id\":\"p\"}");
        assertThat(stepHeader(answer)).isEqualTo("0");
        assertThat(calls("backup")).isZero();
        String logId = answer.headers().firstValue("cf-aig-log-id").orElseThrow();
        assertThat(answer.headers().firstValue("cf-aig-request-id")).as("answered in a single step").contains(logId);
        assertThat(answer.headers().firstValue("cf-aig-event-id")).as("no event id sent: the log id").contains(logId);
    }

    /** The endpoint's URL with a slash at its end is the same endpoint (the router drops a path's last slash). */
    @Test
    void theEndpointAnswersWithASlashAtItsEnd() throws Exception {
        primary(200, "{\"id\":\"p\"}", 0);
        HttpResponse<String> answer = client().post(UNIVERSAL + "/", "[" + step("custom-primary", "", false) + "]");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"id\":\"p\"}");
        assertThat(stepHeader(answer)).isEqualTo("0");
    }

    @Test
    void anAnswerFromAFallbackKeepsTheRequestIdOfItsFirstStepsEntry() throws Exception {
        primary(500, "{}", 0);
        backup(200, BACKUP_ANSWER, "application/json");
        HttpResponse<String> answer = send(step("custom-primary", "", false), step("custom-backup", "", false));
        String requestId = answer.headers().firstValue("cf-aig-request-id").orElseThrow();
        String logId = answer.headers().firstValue("cf-aig-log-id").orElseThrow();
        assertThat(logId).as("the backup's own entry").isNotEqualTo(requestId);
        assertThat(answer.headers().firstValue("cf-aig-event-id")).contains(requestId);
        assertThat(awaitLogs(requestId, 2)).extracting(entry -> entry.get("id").getStringValue())
                .containsExactlyInAnyOrder(requestId, logId);
    }

    @Test
    void a500Or429FromThePrimaryFallsBackAfterItsRetries() throws Exception {
        for (int status : new int[] {500, 429}) {
            upstream.reset();
            primary(status, "{\"error\":{\"message\":\"nope\"}}", 0);
            backup(200, BACKUP_ANSWER, "application/json");
            HttpResponse<String> answer = send(step("custom-primary", "\"maxAttempts\":2,\"retryDelay\":0", false),
                    step("custom-backup", "", false));
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo(BACKUP_ANSWER);
            assertThat(stepHeader(answer)).isEqualTo("1");
            assertThat(calls("primary")).as("the primary's retries come first").isEqualTo(2);
            assertThat(calls("backup")).isEqualTo(1);
        }
    }

    @Test
    void anUnreachablePrimaryAndOneThatHangsPastItsTimeoutFallBack() throws Exception {
        backup(200, BACKUP_ANSWER, "application/json");
        HttpResponse<String> refused = send(step("custom-dead", "", false), step("custom-backup", "", false));
        assertThat(stepHeader(refused)).isEqualTo("1");
        assertThat(refused.body()).isEqualTo(BACKUP_ANSWER);

        primary(200, "{\"id\":\"late\"}", 5_000);
        long started = System.nanoTime();
        HttpResponse<String> hung = send(step("custom-primary", "\"requestTimeout\":300", false),
                step("custom-backup", "", false));
        assertThat(stepHeader(hung)).isEqualTo("1");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aStreamThatDiesBeforeContentOrOpensWithAnErrorFallsBackToOneCleanStream() throws Exception {
        backup(200, BACKUP_STREAM, "text/event-stream");
        for (String failing : List.of("custom-dies", "custom-errs", "custom-roleerr", "custom-starterr",
                "custom-roledies")) {
            HttpResponse<String> answer = send(step(failing, "", true), step("custom-backup", "", true));
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(stepHeader(answer)).as(failing).isEqualTo("1");
            assertThat(answer.body()).as(failing).isEqualTo(BACKUP_STREAM);
        }
    }

    @Test
    void aStreamThatDiesAfterContentIsNotRetriedElsewhere() throws Exception {
        backup(200, BACKUP_STREAM, "text/event-stream");
        int before = diesAfterContent.requests.get();
        String body = "[" + step("custom-half", "", true) + "," + step("custom-backup", "", true) + "]";
        StringBuilder seen = new StringBuilder();
        String stepSeen;
        try {
            HttpResponse<java.io.InputStream> answer = client().send(client().request(UNIVERSAL)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json"),
                    HttpResponse.BodyHandlers.ofInputStream());
            stepSeen = stepHeader(answer);
            try (java.io.InputStream in = answer.body()) {
                byte[] buffer = new byte[1024];
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    seen.append(new String(buffer, 0, read, java.nio.charset.StandardCharsets.UTF_8));
                }
            } catch (IOException cut) {
                // The connection is cut, as the provider's was: the client must not take it for a whole answer.
            }
        } catch (IOException cutBeforeHead) {
            throw new AssertionError("the head and the content were sent before the cut", cutBeforeHead);
        }
        assertThat(stepSeen).isEqualTo("0");
        assertThat(seen.toString()).startsWith("data: {\"id\":\"c\"").contains("half").doesNotContain("[DONE]").doesNotContain("backup")
                .endsWith("\"code\":\"stream_interrupted\"}}\n\n");
        assertThat(diesAfterContent.requests.get() - before).isEqualTo(1);
        assertThat(calls("backup")).isZero();
    }

    /** A step whose provider sent its head and then nothing within the step's timeout timed out: a 504 on record. */
    @Test
    void aStepSilentBeforeItsFirstChunkPastItsTimeoutFallsBackAndIsLoggedAsATimeout() throws Exception {
        backup(200, BACKUP_STREAM, "text/event-stream");
        HttpResponse<String> answer = send(step("custom-silent", "\"requestTimeout\":1000", true),
                step("custom-backup", "", true));
        assertThat(stepHeader(answer)).isEqualTo("1");
        assertThat(answer.body()).isEqualTo(BACKUP_STREAM);
        List<JsonNode> entries = awaitLogs(answer.headers().firstValue("cf-aig-request-id").orElseThrow(), 2);
        JsonNode first = entries.get(entries.size() - 1);
        assertThat(first.get("provider").getStringValue()).isEqualTo("custom-silent");
        assertThat(first.get("status_code").getIntValue()).as("the gateway's timeout, not a client leaving")
                .isEqualTo(504);
        assertThat(first.get("success").getBooleanValue()).isFalse();
    }

    /**
     * The step's timeout is to its first chunk, as Cloudflare's: one that has sent its opening and thinks before its
     * content (a reasoning model) is not given up, and the client gets the opening with the content.
     */
    @Test
    void aStepThatSentItsOpeningIsNotGivenUpAtItsTimeoutWhileItThinks() throws Exception {
        backup(200, BACKUP_STREAM, "text/event-stream");
        HttpResponse<String> answer = send(step("custom-thinker", "\"requestTimeout\":1000", true),
                step("custom-backup", "", true));
        assertThat(stepHeader(answer)).isEqualTo("0");
        assertThat(answer.body()).startsWith("data: {\"id\":\"c\"").contains("late");
        assertThat(calls("backup")).isZero();
    }

    /** A client that leaves while a step's opening is held takes the provider's call with it, at once. */
    @Test
    void aClientLeavingWhileAStepsOpeningIsHeldCancelsTheProvidersCall() throws Exception {
        String body = "[" + step("custom-leaver", "\"requestTimeout\":30000", true) + ","
                + step("custom-backup", "", true) + "]";
        String eventId = "leaver-" + UUID.randomUUID();
        try (RawConnection connection = new RawConnection(server.getURI())) {
            connection.send("POST " + UNIVERSAL + " HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n"
                    + "cf-aig-event-id: " + eventId + "\r\ncontent-length: " + body.getBytes(StandardCharsets.UTF_8).length
                    + "\r\n\r\n" + body);
            Thread.sleep(500);
        }
        long left = System.nanoTime();
        List<JsonNode> entries = awaitLogs(eventId, 1);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).get("status_code").getIntValue()).isEqualTo(499);
        assertThat(Duration.ofNanos(System.nanoTime() - left)).as("not when the provider next sends, 15 s on")
                .isLessThan(Duration.ofSeconds(5));
        Thread.sleep(1000);
        assertThat(awaitLogs(eventId, 1)).as("no step after it for a client that left").hasSize(1);
        assertThat(calls("backup")).isZero();
    }

    @Test
    void aLastStepWhoseStreamDiesBeforeContentIsA502NamingIt() throws Exception {
        HttpResponse<String> answer = send(step("custom-dies", "", true));
        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(stepHeader(answer)).isEqualTo("0");
        assertThat(answer.body()).contains("before any content");
    }

    @Test
    void whenEveryStepFailsTheLastStepsErrorComesBackWithItsStep() throws Exception {
        primary(500, "{\"error\":{\"message\":\"primary down\"}}", 0);
        backup(503, "{\"error\":{\"message\":\"backup down\"}}", "application/json");
        HttpResponse<String> answer = send(step("custom-primary", "", false), step("custom-backup", "", false));
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.body()).contains("backup down");
        assertThat(stepHeader(answer)).isEqualTo("1");

        HttpResponse<String> unreachable = send(step("custom-primary", "", false), step("custom-dead", "", false));
        assertThat(unreachable.statusCode()).isEqualTo(502);
        assertThat(stepHeader(unreachable)).isEqualTo("1");
        assertThat(unreachable.body()).contains("2005");
        // Found by the limits probe: the gateway's own error for the last step named step 0's entry.
        String requestId = unreachable.headers().firstValue("cf-aig-request-id").orElseThrow();
        String logId = unreachable.headers().firstValue("cf-aig-log-id").orElseThrow();
        assertThat(logId).as("the last step's own entry").isNotEqualTo(requestId);
        JsonNode named = awaitLogs(requestId, 2).stream().filter(entry -> logId.equals(entry.get("id").getStringValue()))
                .findFirst().orElseThrow();
        assertThat(named.get("step").getIntValue()).isEqualTo(1);
        assertThat(named.get("status_code").getIntValue()).isEqualTo(502);
    }

    @Test
    void aClientErrorFallsBackOnlyToAnotherProvider() throws Exception {
        primary(401, "{\"error\":{\"message\":\"bad key\"}}", 0);
        backup(200, BACKUP_ANSWER, "application/json");
        assertThat(stepHeader(send(step("custom-primary", "", false), step("custom-backup", "", false)))).isEqualTo("1");

        HttpResponse<String> same = send(step("custom-primary", "", false), step("custom-primary", "", false));
        assertThat(same.statusCode()).isEqualTo(401);
        assertThat(stepHeader(same)).isEqualTo("0");
    }

    @Test
    void unifiedApiStepsAreTheProviderTheirModelNames() throws Exception {
        primary(401, "{\"error\":{\"message\":\"bad key\"}}", 0);
        backup(200, BACKUP_ANSWER, "application/json");
        String primaryStep = "{\"provider\":\"compat\",\"endpoint\":\"chat/completions\",\"query\":{\"model\":"
                + "\"custom-primary/m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}";
        String backupStep = primaryStep.replace("custom-primary/m", "custom-backup/m");
        HttpResponse<String> answer = send(primaryStep, backupStep);
        assertThat(stepHeader(answer)).isEqualTo("1");
        assertThat(answer.body()).isEqualTo(BACKUP_ANSWER);
        assertThat(stepHeader(send(primaryStep, primaryStep))).as("the same provider twice").isEqualTo("0");
    }

    @Test
    void stepHeadersWinOverTheRequestsAndEveryAttemptIsLoggedWithItsStep() throws Exception {
        primary(500, "{}", 0);
        backup(200, BACKUP_ANSWER, "application/json");
        HttpResponse<String> answer = client().post(UNIVERSAL, "[" + step("custom-primary", "", false) + ","
                + step("custom-backup", "", false) + "]", "authorization", "Bearer request-level", "x-team", "search");
        String requestId = answer.headers().firstValue("cf-aig-request-id").orElseThrow();

        var sent = upstream.retrieveRecordedRequests(request().withPath("/backup/chat/completions"))[0];
        assertThat(sent.getFirstHeader("authorization")).isEqualTo("Bearer key-custom-backup");
        assertThat(sent.getFirstHeader("x-team")).isEqualTo("search");

        List<JsonNode> entries = awaitLogs(requestId, 2);
        assertThat(entries).hasSize(2);
        JsonNode newest = entries.get(0);
        JsonNode oldest = entries.get(1);
        assertThat(oldest.get("provider").getStringValue()).isEqualTo("custom-primary");
        assertThat(oldest.get("status_code").getIntValue()).isEqualTo(500);
        assertThat(oldest.get("step").getIntValue()).isZero();
        assertThat(newest.get("provider").getStringValue()).isEqualTo("custom-backup");
        assertThat(newest.get("step").getIntValue()).isEqualTo(1);
        assertThat(newest.get("success").getBooleanValue()).isTrue();
    }

    @Test
    void badStepsAreRefusedNamingTheStepAndFieldWithNothingSent() throws Exception {
        String ok = step("custom-primary", "", false);
        Map<String, String> bad = Map.of(
                "\"just text\"", "JSON array",
                "[]", "at least one step",
                "[" + ok + ",{\"endpoint\":\"x\",\"query\":{}}]", "steps[1].provider",
                "[{\"provider\":\"nope\",\"endpoint\":\"x\",\"query\":{}}]", "steps[0].provider: unknown provider",
                "[{\"provider\":\"custom-primary\",\"endpoint\":\"x\",\"query\":{},\"config\":{\"maxAttempts\":50}}]",
                "steps[0].config.maxAttempts",
                "[{\"provider\":\"custom-primary\",\"endpoint\":\"x\",\"query\":\"hi\"}]", "steps[0].query",
                "[" + String.join(",", java.util.Collections.nCopies(21, ok)) + "]", "at most 20",
                "[" + ok + ",{\"provider\":\"custom-primary\",\"endpoint\":\"x\",\"query\":{},\"headers\":{\"a\":{}}}]",
                "steps[1].headers.a");
        bad = new java.util.HashMap<>(bad);
        // Found before the first step is sent, not when the step is reached (or never, when an earlier one answers).
        bad.put("[" + ok + ",{\"provider\":\"custom-backup\",\"endpoint\":\"x\",\"query\":{},"
                + "\"headers\":{\"cf-aig-max-attempts\":\"9\"}}]", "steps[1].headers: cf-aig-max-attempts must be between 1 and 5");
        bad.put("[" + ok + ",{\"provider\":\"custom-backup\",\"endpoint\":\"x\",\"query\":{},"
                + "\"headers\":{\"cf-aig-custom-cost\":\"{bad\"}}]", "steps[1].headers: cf-aig-custom-cost");
        bad.put("[" + ok + ",{\"provider\":\"compat\",\"endpoint\":\"chat/completions\",\"query\":{\"model\":\"gpt\"}}]",
                "steps[1].query.model: write it as {provider}/{model}");
        bad.put("[" + ok + ",{\"provider\":\"compat\",\"endpoint\":\"chat/completions\",\"query\":{\"model\":\"nope/m\"}}]",
                "steps[1].query.model: 'nope/m' does not name a provider");
        bad.put("[" + ok + ",{\"provider\":\"custom-backup\",\"endpoint\":\"a/../../x\",\"query\":{}}]",
                "steps[1].endpoint: Dot segments are not allowed in provider paths");
        bad.put("[" + ok + ",{\"provider\":\"custom-backup\",\"endpoint\":\"%2e%2e/x?y=1\",\"query\":{}}]",
                "steps[1].endpoint: Dot segments");
        bad.put("[" + ok + ",{\"provider\":\"custom-backup\",\"endpoint\":\"chat/completions%zz\",\"query\":{}}]",
                "steps[1].endpoint: The provider path or query is not a valid URL");
        for (Map.Entry<String, String> entry : bad.entrySet()) {
            HttpResponse<String> answer = client().post(UNIVERSAL, entry.getKey());
            assertThat(answer.statusCode()).as(entry.getKey()).isEqualTo(400);
            assertThat(json.readValue(answer.body(), JsonNode.class).get("error").get(0).get("message").getStringValue())
                    .contains(entry.getValue());
        }
        assertThat(upstream.retrieveRecordedRequests(request())).isEmpty();
    }

    /** The entries of one universal request, newest first, once {@code count} are stored. */
    private List<JsonNode> awaitLogs(String eventId, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<JsonNode> mine = new java.util.ArrayList<>();
        do {
            mine.clear();
            JsonNode list = json.readValue(client().admin("GET", LOGS + "?per_page=100", null).body(), JsonNode.class);
            list.get("result").values().forEach(entry -> {
                if (eventId.equals(entry.get("event_id").getStringValue())) {
                    mine.add(entry);
                }
            });
            if (mine.size() >= count) {
                return mine;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return mine;
    }
}
