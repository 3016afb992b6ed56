package dev.sluice.bootstrap;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The management API through the real server, and what it changes on the data plane and on disk. */
class ManagementApiEndToEndTest {

    private static final String GATEWAYS = "/client/v4/accounts/local/ai-gateway/gateways";

    @TempDir
    Path dataDir;
    private EmbeddedServer server;
    private SluiceClient client;

    @BeforeEach
    void start() {
        server = startSluice(dataDir);
        client = new SluiceClient(server.getURI());
    }

    @AfterEach
    void stop() {
        server.getApplicationContext().close();
    }

    private static EmbeddedServer startSluice(Path dataDir) {
        return ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", -1,
                "sluice.data-dir", dataDir.toString(),
                "sluice.admin-token", SluiceClient.ADMIN,
                "sluice.gateways.from-config.cache-ttl", 600,
                "sluice.gateways.from-config.authentication", true,
                "sluice.gateways.from-config.retry-backoff", "linear"));
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(matcher.find()).as(name + " in " + json).isTrue();
        return matcher.group(1);
    }

    @Test
    void refusesRequestsWithoutTheAdminToken() throws Exception {
        HttpResponse<String> none = client.send(client.request(GATEWAYS).GET());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).isEqualTo(
                "{\"success\":false,\"result\":null,\"errors\":[{\"code\":10000,\"message\":\"Authentication error\"}],\"messages\":[]}");
        HttpResponse<String> wrong = client.send(client.request(GATEWAYS).GET().header("authorization", "Bearer nope"));
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    /** Spellings of the path that still route are refused too, and so is a path with an encoded line break. */
    @Test
    void refusesOtherSpellingsOfTheManagementPathWithoutTheAdminToken() throws Exception {
        for (String path : new String[] {GATEWAYS, GATEWAYS + "/", GATEWAYS + "?page=1", "/" + GATEWAYS,
                GATEWAYS.replace("/v4", "//v4"), "/client/v4", "/client/v4/", GATEWAYS + "/x%0Ay"}) {
            URI uri = URI.create("http://127.0.0.1:" + server.getPort() + path);
            HttpResponse<String> none = client.send(client.request(GATEWAYS).uri(uri).GET());
            assertThat(none.statusCode()).as(path).isEqualTo(401);
        }
    }

    @Test
    void healthIncludesTheStoreForTheAdmin() throws Exception {
        HttpResponse<String> health = client.admin("GET", "/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"store\":{\"name\":\"sluice\",\"status\":\"UP\"");
        assertThat(client.send(client.request("/health").GET()).body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void createdGatewaysReadBackExactlyAsCreated() throws Exception {
        String created = client.admin("POST", GATEWAYS, "{\"id\":\"stamped\"}").body();
        String read = client.admin("GET", GATEWAYS + "/stamped", null).body();
        assertThat(read).isEqualTo(created);
    }

    @Test
    void requestsThatDoNotBindAreAnsweredInTheApisWordsNotTheFrameworks() throws Exception {
        HttpResponse<String> page = client.admin("GET", GATEWAYS + "?page=abc", null);
        assertThat(page.statusCode()).isEqualTo(400);
        // A query parameter's refusal, as the logs API's (found by a probe: it was 2101, a body's).
        assertThat(page.body()).contains("\"code\":2111").contains("page: 'abc' is not valid; expected a whole number from 1 to")
                .doesNotContain("Failed to convert", "argument");
        assertThat(client.admin("GET", GATEWAYS + "?per_page=0", null).body()).contains("\"code\":2111");
        HttpResponse<String> json = client.admin("POST", GATEWAYS, "{");
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(json.body()).startsWith("{\"success\":false").doesNotContain("REDACTED", "StreamReadFeature", "Source:");
        HttpResponse<String> deep = client.admin("POST", GATEWAYS, "[".repeat(1001) + "]".repeat(1001));
        assertThat(deep.statusCode()).isEqualTo(400);
        assertThat(deep.body()).doesNotContain("StreamReadConstraints", "argument [");
    }

    @Test
    void aMalformedEscapeInTheQueryIsA400InTheV4Envelope() throws Exception {
        try (RawConnection connection = new RawConnection(server.getURI())) {
            String response = connection.send("GET " + GATEWAYS + "/default/logs?search=% HTTP/1.1\r\nhost: localhost\r\n"
                    + "authorization: Bearer " + SluiceClient.ADMIN + "\r\n\r\n").readResponse();
            assertThat(response).startsWith("HTTP/1.1 400").contains("\"success\":false")
                    .contains("\"errors\":[{\"code\":2101").doesNotContain("AiGatewayError");
        }
    }

    /** A logs query's URL may be as long as the headers' budget: a long filter is answered, not refused as a 431. */
    @Test
    void aLogsQueryWithFiltersOfTenThousandCharactersIsAnswered() throws Exception {
        String values = "&filters.value=" + String.join("&filters.value=",
                java.util.Collections.nCopies(10, "a".repeat(1_000)));
        HttpResponse<String> response = client.admin("GET", GATEWAYS + "/default/logs?filters.key=metadata.note"
                + values, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).startsWith("{\"success\":true");
    }

    @Test
    void theDefaultGatewayExistsOutOfTheBox() throws Exception {
        HttpResponse<String> response = client.admin("GET", GATEWAYS + "/default", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"success\":true").contains("\"is_default\":true")
                .contains("\"collect_logs\":true").contains("\"cache_ttl\":0");
    }

    @Test
    void gatewaysWrittenInTheConfigurationFileExist() throws Exception {
        HttpResponse<String> response = client.admin("GET", GATEWAYS + "/from-config", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"cache_ttl\":600").contains("\"authentication\":true")
                .contains("\"retry_backoff\":\"linear\"");
        assertThat(client.post("/v1/local/from-config/mock/v1/chat/completions", "{}").statusCode()).isEqualTo(401);
    }

    @Test
    void createsReadsUpdatesAndDeletesGateways() throws Exception {
        HttpResponse<String> created = client.admin("POST", GATEWAYS,
                "{\"id\":\"prod\",\"cache_ttl\":300,\"collect_logs\":true,\"rate_limiting_interval\":60,"
                        + "\"rate_limiting_limit\":100,\"rate_limiting_technique\":\"sliding\",\"guardrails\":null}");
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body()).contains("\"id\":\"prod\"").contains("\"cache_ttl\":300")
                .contains("\"rate_limiting_technique\":\"sliding\"").contains("\"created_at\":\"");

        assertThat(client.admin("POST", GATEWAYS, "{\"id\":\"prod\"}").statusCode()).isEqualTo(409);

        HttpResponse<String> updated = client.admin("PUT", GATEWAYS + "/prod", "{\"cache_ttl\":0,\"authentication\":true}");
        assertThat(updated.body()).contains("\"cache_ttl\":0").contains("\"authentication\":true")
                .contains("\"rate_limiting_limit\":100");

        HttpResponse<String> capped = client.admin("PUT", GATEWAYS + "/prod",
                "{\"log_management\":20000,\"log_management_strategy\":\"DELETE_OLDEST\"}");
        assertThat(capped.body()).contains("\"log_management\":20000");
        HttpResponse<String> kept = client.admin("PUT", GATEWAYS + "/prod", "{\"cache_ttl\":5}");
        assertThat(kept.body()).as("a field left out keeps its value").contains("\"log_management\":20000");
        HttpResponse<String> uncapped = client.admin("PUT", GATEWAYS + "/prod", "{\"log_management\":null}");
        assertThat(uncapped.body()).as("null takes the cap away").contains("\"log_management\":null")
                .contains("\"cache_ttl\":5");
        assertThat(client.admin("GET", GATEWAYS + "/prod", null).body()).contains("\"log_management\":null");

        HttpResponse<String> deleted = client.admin("DELETE", GATEWAYS + "/prod", null);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.body()).contains("\"id\":\"prod\"");
        assertThat(client.admin("GET", GATEWAYS + "/prod", null).statusCode()).isEqualTo(404);
        assertThat(client.admin("DELETE", GATEWAYS + "/default", null).statusCode()).isEqualTo(409);
    }

    @Test
    void listsWithPaginationAndSearch() throws Exception {
        for (int i = 1; i <= 3; i++) {
            client.admin("POST", GATEWAYS, "{\"id\":\"team-" + i + "\"}");
        }
        HttpResponse<String> page = client.admin("GET", GATEWAYS + "?page=2&per_page=2", null);
        assertThat(page.body()).contains("\"result_info\":{\"page\":2,\"per_page\":2,\"count\":2,\"total_count\":5,\"total_pages\":3}");

        HttpResponse<String> search = client.admin("GET", GATEWAYS + "?search=team", null);
        assertThat(search.body()).contains("\"total_count\":3").doesNotContain("\"id\":\"default\"");

        assertThat(client.admin("GET", GATEWAYS + "?per_page=500", null).statusCode()).isEqualTo(400);
        assertThat(client.admin("GET", GATEWAYS + "?page=abc", null).statusCode()).isEqualTo(400);
    }

    @Test
    void badBodiesAreClear400sInTheV4Envelope() throws Exception {
        HttpResponse<String> broken = client.admin("POST", GATEWAYS, "{\"id\":");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.body()).contains("\"success\":false").contains("\"errors\":[{\"code\":2101");

        HttpResponse<String> wrongType = client.admin("POST", GATEWAYS, "{\"id\":\"x\",\"cache_ttl\":\"soon\"}");
        assertThat(wrongType.statusCode()).isEqualTo(400);

        HttpResponse<String> outOfRange = client.admin("POST", GATEWAYS, "{\"id\":\"x\",\"retry_max_attempts\":9}");
        assertThat(outOfRange.statusCode()).isEqualTo(400);
        assertThat(outOfRange.body()).contains("retry_max_attempts must be between 1 and 5");

        for (String[] wrong : new String[][]{
                {"{\"id\":5}", "id must be a string"},
                {"{\"id\":\"x\",\"authentication\":\"yes\"}", "authentication must be true or false"},
                {"{\"id\":\"x\",\"cache_ttl\":1.5}", "cache_ttl must be a whole number"},
                {"{\"id\":\"x\",\"cache_ttl\":1e99}", "cache_ttl must be at most 9223372036854775807"},
                {"{\"id\":\"x\",\"cache_ttl\":1e400}", "cache_ttl must be a finite number"},
                {"{\"id\":\"x\",\"rate_limiting_limit\":-1e400}", "rate_limiting_limit must be a finite number"},
                {"{\"id\":\"x\",\"spend_limits\":{\"rules\":[{\"id\":\"r\",\"limit\":1e400,\"window\":60}]}}",
                        "numbers must be finite"},
                {"{\"id\":\"x\",\"rate_limiting_technique\":5}", "rate_limiting_technique must be a string"},
                {"[]", "must be a JSON object"},
                // The framework's binding read the first value and ignored what followed it.
                {"{\"id\":\"x\"} {\"id\":\"y\"}", "nothing after it"},
                {"{\"id\":\"x\"} garbage", "Invalid JSON: Unrecognized token 'garbage'"}}) {
            HttpResponse<String> response = client.admin("POST", GATEWAYS, wrong[0]);
            assertThat(response.statusCode()).as(wrong[0]).isEqualTo(400);
            assertThat(response.body()).as(wrong[0]).contains(wrong[1]);
        }
        assertThat(client.admin("GET", GATEWAYS + "/x", null).statusCode()).isEqualTo(404);

        HttpResponse<String> badId = client.admin("POST", GATEWAYS, "{\"id\":\"Not Valid\"}");
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(client.admin("POST", GATEWAYS, null).statusCode()).isEqualTo(400);
    }

    @Test
    void anAuthenticatedGatewayAcceptsItsTokensUntilRevoked() throws Exception {
        client.admin("POST", GATEWAYS, "{\"id\":\"locked\",\"authentication\":true}");
        String chat = "/v1/local/locked/mock/v1/chat/completions";
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        HttpResponse<String> missing = client.post(chat, body);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.body()).contains("\"code\":2009").contains("\"message\":\"Unauthorized\"");

        // A NUL in any text field is refused: PostgreSQL cannot keep it, and the write failed with a 503.
        HttpResponse<String> nul = client.admin("POST", GATEWAYS + "/locked/tokens", "{\"name\":\"c\\u0000i\"}");
        assertThat(nul.statusCode()).isEqualTo(400);
        assertThat(nul.body()).contains("name holds a NUL character");
        assertThat(client.admin("POST", GATEWAYS + "/locked/tokens", "{\"name\":\"a\"}]").statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = client.admin("POST", GATEWAYS + "/locked/tokens", "{\"name\":\"a\",\"foo\":1}");
        assertThat(unknown.statusCode()).as("a field a token does not have (found by a probe)").isEqualTo(400);
        assertThat(unknown.body()).contains("foo is not a field of a token; its fields are name");
        // A lone surrogate was stored as "?": refused, where a pair (an emoji) is kept as it came.
        HttpResponse<String> lone = client.admin("POST", GATEWAYS + "/locked/tokens", "{\"name\":\"c\\ud800i\"}");
        assertThat(lone.statusCode()).isEqualTo(400);
        assertThat(lone.body()).contains("name holds an unpaired surrogate");
        HttpResponse<String> pair = client.admin("POST", GATEWAYS + "/locked/tokens", "{\"name\":\"ci \\ud83d\\ude80\"}");
        assertThat(pair.statusCode()).isEqualTo(200);
        assertThat(client.admin("GET", GATEWAYS + "/locked/tokens", null).body().toLowerCase(java.util.Locale.ROOT))
                .as("written back as JSON escapes of the same pair").contains("\"ci \\ud83d\\ude80\"");
        HttpResponse<String> issued = client.admin("POST", GATEWAYS + "/locked/tokens", "{\"name\":\"ci\"}");
        String token = field(issued.body(), "token");
        String tokenId = field(issued.body(), "id");
        assertThat(client.admin("GET", GATEWAYS + "/locked/tokens", null).body())
                .contains("\"name\":\"ci\"").doesNotContain(token);

        assertThat(client.post(chat, body, "cf-aig-authorization", "Bearer " + token).statusCode()).isEqualTo(200);
        assertThat(client.post(chat, body, "cf-aig-authorization", "Bearer " + token + "x").statusCode()).isEqualTo(401);
        assertThat(client.post(chat, body, "cf-aig-authorization", "Bearer " + SluiceClient.ADMIN).statusCode())
                .isEqualTo(200);

        assertThat(client.admin("DELETE", GATEWAYS + "/locked/tokens/" + tokenId, null).statusCode()).isEqualTo(200);
        assertThat(client.post(chat, body, "cf-aig-authorization", "Bearer " + token).statusCode()).isEqualTo(401);
    }

    @Test
    void gatewaysAndTokensSurviveARestartAndNoSecretIsStoredInTheClear() throws Exception {
        client.admin("POST", GATEWAYS, "{\"id\":\"kept\",\"cache_ttl\":120}");
        String token = field(client.admin("POST", GATEWAYS + "/kept/tokens", "{}").body(), "token");
        server.getApplicationContext().close();

        server = startSluice(dataDir);
        client = new SluiceClient(server.getURI());
        assertThat(client.admin("GET", GATEWAYS + "/kept", null).body()).contains("\"cache_ttl\":120");
        server.getApplicationContext().close();

        try (var files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(content).doesNotContain(token).doesNotContain(SluiceClient.ADMIN);
            }
        }
        server = startSluice(dataDir);
    }

    private static String etag(HttpResponse<String> response) {
        return response.headers().firstValue("etag").orElseThrow(() -> new AssertionError("no ETag: " + response));
    }

    private HttpResponse<String> put(String id, String body, String ifMatch) throws Exception {
        var request = client.request(GATEWAYS + "/" + id).method("PUT", java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .header("authorization", "Bearer " + SluiceClient.ADMIN).header("content-type", "application/json");
        return client.send(ifMatch == null ? request : request.header("if-match", ifMatch));
    }

    @Test
    void aGatewaysETagGuardsItsUpdatesThroughIfMatch() throws Exception {
        HttpResponse<String> created = client.admin("POST", GATEWAYS, "{\"id\":\"guarded\"}");
        HttpResponse<String> read = client.admin("GET", GATEWAYS + "/guarded", null);
        assertThat(etag(read)).matches("\"[^\"]+\"").isEqualTo(etag(created));

        HttpResponse<String> changed = put("guarded", "{\"cache_ttl\":60}", etag(read));
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(etag(changed)).isNotEqualTo(etag(read)).isEqualTo(etag(client.admin("GET", GATEWAYS + "/guarded", null)));

        HttpResponse<String> stale = put("guarded", "{\"cache_ttl\":90}", etag(read));
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.body()).startsWith("{\"success\":false,").contains("\"code\":2113");
        assertThat(client.admin("GET", GATEWAYS + "/guarded", null).body()).contains("\"cache_ttl\":60");

        assertThat(put("guarded", "{\"cache_ttl\":90}", "\"other\", " + etag(changed)).statusCode()).isEqualTo(200);
        assertThat(put("guarded", "{\"cache_ttl\":91}", "*").statusCode()).isEqualTo(200);
        String current = etag(client.admin("GET", GATEWAYS + "/guarded", null));
        assertThat(put("guarded", "{\"cache_ttl\":91}", ", ," + current).statusCode())
                .as("empty list members, leading ones too, are ignored (RFC 9110 5.6.1)").isEqualTo(200);
        assertThat(put("guarded", "{\"cache_ttl\":91}", " , ").statusCode()).as("but a list of none is no list")
                .isEqualTo(400);
        assertThat(put("guarded", "{\"cache_ttl\":92}", "W/" + etag(client.admin("GET", GATEWAYS + "/guarded", null)))
                .statusCode()).as("If-Match compares strongly: a weak tag never matches").isEqualTo(412);
        HttpResponse<String> malformed = put("guarded", "{\"cache_ttl\":93}", "not-quoted");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("\"code\":2100").contains("If-Match");
        assertThat(put("missing", "{}", "*").statusCode()).isEqualTo(404);

        var patch = client.request(GATEWAYS + "/guarded").method("PATCH",
                        java.net.http.HttpRequest.BodyPublishers.ofString("{\"collect_logs\":false}"))
                .header("authorization", "Bearer " + SluiceClient.ADMIN).header("content-type", "application/json")
                .header("if-match", etag(read));
        assertThat(client.send(patch).statusCode()).as("PATCH honours If-Match too").isEqualTo(412);
        var twoFields = client.request(GATEWAYS + "/guarded").method("PUT",
                        java.net.http.HttpRequest.BodyPublishers.ofString("{\"cache_ttl\":94}"))
                .header("authorization", "Bearer " + SluiceClient.ADMIN).header("content-type", "application/json")
                .header("if-match", "\"stale\"").header("if-match", etag(client.admin("GET", GATEWAYS + "/guarded", null)));
        assertThat(client.send(twoFields).statusCode()).as("two If-Match fields are one list (RFC 9110 5.3)")
                .isEqualTo(200);

        var staleDelete = client.request(GATEWAYS + "/guarded").DELETE()
                .header("authorization", "Bearer " + SluiceClient.ADMIN).header("if-match", etag(read));
        assertThat(client.send(staleDelete).statusCode()).as("DELETE honours If-Match too").isEqualTo(412);
        assertThat(client.admin("GET", GATEWAYS + "/guarded", null).statusCode()).isEqualTo(200);
        var currentDelete = client.request(GATEWAYS + "/guarded").DELETE()
                .header("authorization", "Bearer " + SluiceClient.ADMIN)
                .header("if-match", etag(client.admin("GET", GATEWAYS + "/guarded", null)));
        assertThat(client.send(currentDelete).statusCode()).isEqualTo(200);
        assertThat(client.send(currentDelete).statusCode()).as("gone").isEqualTo(404);
    }

    @Test
    void concurrentPutsOfDifferentFieldsBothSurvive() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            for (int pair = 0; pair < 15; pair++) {
                String id = "pair-" + pair;
                client.admin("POST", GATEWAYS, "{\"id\":\"" + id + "\"}");
                java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                for (String body : java.util.List.of("{\"cache_ttl\":777}", "{\"authentication\":true}",
                        "{\"retry_max_attempts\":4}", "{\"collect_logs\":false}")) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return put(id, body, null).statusCode();
                    }));
                }
                start.countDown();
                for (var answer : answers) {
                    assertThat(answer.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
                }
                assertThat(client.admin("GET", GATEWAYS + "/" + id, null).body()).contains("\"cache_ttl\":777")
                        .contains("\"authentication\":true").contains("\"retry_max_attempts\":4")
                        .contains("\"collect_logs\":false");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSecondDeleteAndATokenForADeletedGatewayAre404s() throws Exception {
        client.admin("POST", GATEWAYS, "{\"id\":\"once\"}");
        assertThat(client.admin("DELETE", GATEWAYS + "/once", null).statusCode()).isEqualTo(200);
        HttpResponse<String> again = client.admin("DELETE", GATEWAYS + "/once", null);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.body()).startsWith("{\"success\":false,");
        HttpResponse<String> token = client.admin("POST", GATEWAYS + "/once/tokens", "{\"name\":\"late\"}");
        assertThat(token.statusCode()).isEqualTo(404);
        assertThat(token.body()).startsWith("{\"success\":false,");
    }

    /**
     * A gateway deleted while its answers still stream, and while its entries wait for the log writer, then created
     * again under its id: the new one starts with none of the old one's entries or analytics.
     */
    @Test
    void aGatewayCreatedAgainUnderADeletedOnesIdStartsWithNoneOfItsLogsOrAnalytics() throws Exception {
        client.admin("POST", GATEWAYS, "{\"id\":\"reborn\"}");
        String chat = "/v1/local/reborn/mock/v1/chat/completions";
        CompletableFuture<HttpResponse<String>> streaming = CompletableFuture.supplyAsync(() -> {
            try {
                return client.send(client.request(chat).header("content-type", "application/json")
                        .header("x-sluice-mock-chunk-delay-ms", "300")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < 5; i++) {
            assertThat(client.post(chat, "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                    .statusCode()).isEqualTo(200);
        }
        assertThat(client.admin("DELETE", GATEWAYS + "/reborn", null).statusCode()).isEqualTo(200);
        client.admin("POST", GATEWAYS, "{\"id\":\"reborn\"}");
        assertThat(streaming.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(client.post(chat, "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"new\"}]}")
                .statusCode()).isEqualTo(200);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String logs;
        do {
            Thread.sleep(200);
            logs = client.admin("GET", GATEWAYS + "/reborn/logs", null).body();
        } while (!logs.contains("\"total_count\":1") && System.nanoTime() < deadline);
        Thread.sleep(1500);
        logs = client.admin("GET", GATEWAYS + "/reborn/logs", null).body();
        assertThat(logs).as("only the new gateway's request").contains("\"total_count\":1");
        String analytics;
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        do {
            Thread.sleep(200);
            analytics = client.admin("GET", GATEWAYS + "/reborn/analytics", null).body();
        } while ((!analytics.contains("\"requests\":") || analytics.contains("\"requests\":0"))
                && System.nanoTime() < deadline);
        Thread.sleep(1500);
        analytics = client.admin("GET", GATEWAYS + "/reborn/analytics", null).body();
        assertThat(analytics).as("the new gateway's one request").contains("\"requests\":1,");
    }
}
