package dev.sluice.bootstrap;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockserver.integration.ClientAndServer;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockserver.model.HttpRequest.request;
import static org.mockserver.model.HttpResponse.response;

/** The response cache through the real server: statuses, streams, coalescing, purging, bad headers. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResponseCacheEndToEndTest implements TestPropertyProvider {

    private static final String CACHED = "/v1/local/cached/openai/v1/chat/completions";
    private static final String PLAIN = "/v1/local/default/openai/v1/chat/completions";
    private static final String COMPLETION = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[]}";

    private ClientAndServer upstream;
    private CutStreamUpstream cut;
    /** Five events 800 ms apart, then [DONE]: a stream whose end is four seconds after its start. */
    private ScriptedStreamUpstream paced;
    /** The same, its last chunk reporting 10,000 output tokens. */
    private ScriptedStreamUpstream billed;

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        try {
            upstream = ClientAndServer.startClientAndServer(0);
            cut = new CutStreamUpstream();
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                events.add("data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
                        + "{\"content\":\"w" + i + "\"},\"finish_reason\":null}]}\n\n");
            }
            events.add("data: [DONE]\n\n");
            paced = new ScriptedStreamUpstream(events, true, 800);
            List<String> withUsage = new ArrayList<>(events.subList(0, 5));
            withUsage.add("data: {\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,"
                    + "\"completion_tokens\":10000,\"total_tokens\":10003}}\n\n");
            withUsage.add("data: [DONE]\n\n");
            billed = new ScriptedStreamUpstream(withUsage, true, 800);
            return Map.of(
                    "sluice.data-dir", Files.createTempDirectory("sluice-cache-e2e").toString(),
                    "micronaut.server.port", "-1",
                    "sluice.admin-token", SluiceClient.ADMIN,
                    "sluice.gateways.cached.cache-ttl", "3600",
                    "sluice.cache.follower-wait", "60s",
                    "sluice.providers.openai.base-url", "http://127.0.0.1:" + upstream.getPort() + "/v1",
                    "sluice.providers.custom-events.base-url", cut.baseUrl(),
                    "sluice.providers.custom-paced.base-url", paced.baseUrl(),
                    "sluice.providers.custom-billed.base-url", billed.baseUrl());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stop() throws IOException {
        upstream.stop();
        cut.close();
        paced.close();
        billed.close();
    }

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    private SluiceClient client() {
        return new SluiceClient(server.getURI());
    }

    private static String prompt() {
        return "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + UUID.randomUUID() + "\"}]}";
    }

    private int upstreamCalls() {
        return upstream.retrieveRecordedRequests(request().withPath("/v1/chat/completions")).length;
    }

    private void answers(String body, String contentType, long delayMs) {
        upstream.when(request().withMethod("POST").withPath("/v1/chat/completions"))
                .respond(response().withStatusCode(200).withHeader("content-type", contentType)
                        .withHeader("set-cookie", "upstream=1").withBody(body)
                        .withDelay(TimeUnit.MILLISECONDS, delayMs));
    }

    private static String status(HttpResponse<?> response) {
        return response.headers().firstValue("cf-aig-cache-status").orElse("(none)");
    }

    @Test
    void aCachingGatewayServesTheRepeatFromCache() throws Exception {
        answers(COMPLETION, "application/json", 0);
        String body = prompt();
        HttpResponse<String> first = client().post(CACHED, body, "authorization", "Bearer sk-test");
        HttpResponse<String> second = client().post(CACHED, body, "authorization", "Bearer sk-test");
        assertThat(status(first)).isEqualTo("MISS");
        assertThat(status(second)).isEqualTo("HIT");
        assertThat(second.body()).isEqualTo(COMPLETION);
        assertThat(second.headers().firstValue("content-type")).contains("application/json");
        assertThat(second.headers().firstValue("set-cookie")).isEmpty();
        assertThat(second.headers().firstValue("cf-aig-log-id")).isPresent()
                .isNotEqualTo(first.headers().firstValue("cf-aig-log-id"));
        assertThat(upstreamCalls()).isEqualTo(1);

        HttpResponse<String> otherKey = client().post(CACHED, body, "authorization", "Bearer sk-other");
        assertThat(status(otherKey)).isEqualTo("MISS");
        HttpResponse<String> skipped = client().post(CACHED, body, "authorization", "Bearer sk-test",
                "cf-aig-skip-cache", "true");
        assertThat(status(skipped)).isEqualTo("BYPASS");
        assertThat(upstreamCalls()).isEqualTo(3);
    }

    @Test
    void withoutCachingResponsesSayMissAndRequestHeadersOptIn() throws Exception {
        answers(COMPLETION, "application/json", 0);
        String body = prompt();
        assertThat(status(client().post(PLAIN, body))).isEqualTo("MISS");
        assertThat(status(client().post(PLAIN, body))).isEqualTo("MISS");
        assertThat(status(client().post(PLAIN, body, "cf-aig-cache-key", "k-" + body.hashCode()))).isEqualTo("MISS");
        assertThat(status(client().post(PLAIN, "{}", "cf-aig-cache-key", "k-" + body.hashCode()))).isEqualTo("HIT");
        assertThat(status(client().post(PLAIN, body, "cf-cache-ttl", "120"))).isEqualTo("MISS");
        assertThat(status(client().post(PLAIN, body, "cf-aig-cache-ttl", "120"))).isEqualTo("HIT");
        assertThat(upstreamCalls()).isEqualTo(4);
    }

    @Test
    void aStreamIsCachedAfterItsCleanEndAndReplayedAsTheSameStream() throws Exception {
        String sse = "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: [DONE]\n\n";
        answers(sse, "text/event-stream", 0);
        String body = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
                + UUID.randomUUID() + "\"}]}";
        HttpResponse<String> first = client().post(CACHED, body);
        HttpResponse<String> replay = client().post(CACHED, body);
        assertThat(first.body()).isEqualTo(sse);
        assertThat(status(replay)).isEqualTo("HIT");
        assertThat(replay.body()).isEqualTo(sse);
        assertThat(replay.headers().firstValue("content-type")).contains("text/event-stream");
        assertThat(upstreamCalls()).isEqualTo(1);
    }

    @Test
    void aStreamWhoseProviderReportedAnErrorOrStoppedBeforeItsClosingEventIsNeverCached() throws Exception {
        String chunk = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"Hi\"}}]}\n\n";
        for (String sse : new String[] {
                chunk + "data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}\n\n",
                chunk,
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\"}}\n\n"
                        + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                        + "\"message\":\"Overloaded\"}}\n\n",
                // An error in the middle of a stream that then ends cleanly: its last event says nothing is wrong.
                chunk + "data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}\n\n"
                        + chunk + "data: [DONE]\n\n",
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\"}}\n\n"
                        + "event: error\r\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\"}}\r\n\r\n"
                        + "event: message_delta\ndata: {\"type\":\"message_delta\"}\n\n"
                        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
                "event: response.created\ndata: {\"type\":\"response.created\"}\n\n"
                        + "event: response.failed\ndata: {\"type\":\"response.failed\"}\n\n"
                        + "event: response.completed\ndata: {\"type\":\"response.completed\"}\n\n"}) {
            upstream.reset();
            answers(sse, "text/event-stream", 0);
            String body = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
                    + UUID.randomUUID() + "\"}]}";
            HttpResponse<String> first = client().post(CACHED, body);
            assertThat(first.body()).as("passed on as the provider sent it").isEqualTo(sse);
            HttpResponse<String> again = client().post(CACHED, body);
            assertThat(status(again)).as(sse).isEqualTo("MISS");
            assertThat(upstreamCalls()).isEqualTo(2);
        }
    }

    @Test
    void aBrokenStreamIsNeverCached() throws Exception {
        String path = "/v1/local/cached/custom-events/broken";
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> response = null;
            try {
                response = client().post(path, "{\"stream\":true}");
            } catch (IOException expected) {
                // the client may see the cut itself
            }
            if (response != null) {
                assertThat(status(response)).isEqualTo("MISS");
            }
        }
        assertThat(cut.requests).hasValue(2);
    }

    @Test
    void identicalConcurrentRequestsMakeOneUpstreamCall() throws Exception {
        answers(COMPLETION, "application/json", 400);
        String body = prompt();
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            all.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return client().post(CACHED, body);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<String> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> response : all) {
            HttpResponse<String> answered = response.get(20, TimeUnit.SECONDS);
            assertThat(answered.body()).isEqualTo(COMPLETION);
            statuses.add(status(answered));
        }
        assertThat(upstreamCalls()).isEqualTo(1);
        assertThat(statuses).containsOnlyOnce("MISS");
    }

    @Test
    void aLeaderWhoseClientLeavesDoesNotHoldUpItsFollowers() throws Exception {
        answers(COMPLETION, "application/json", 1500);
        String body = prompt();
        CompletableFuture<HttpResponse<String>> leader = CompletableFuture.supplyAsync(() -> {
            try {
                return client().send(client().request(CACHED).timeout(java.time.Duration.ofMillis(500))
                        .header("content-type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
            } catch (Exception e) {
                return null;
            }
        });
        Thread.sleep(200);
        long started = System.nanoTime();
        HttpResponse<String> follower = client().post(CACHED, body);
        assertThat(leader.get(5, TimeUnit.SECONDS)).as("the leader's client gave up").isNull();
        assertThat(follower.statusCode()).isEqualTo(200);
        assertThat(follower.body()).isEqualTo(COMPLETION);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
                .as("served once the abandoned answer was given up, not after the 60 s follower wait")
                .isLessThan(java.time.Duration.ofSeconds(15));
    }

    @Test
    void aFollowerOfAStreamedAnswerReadsItsEventsAsTheyComeWithOneUpstreamCall() throws Exception {
        String path = "/v1/local/cached/custom-paced/chat/completions";
        String body = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
                + UUID.randomUUID() + "\"}]}";
        int before = paced.requests.get();
        CompletableFuture<HttpResponse<String>> leader = CompletableFuture.supplyAsync(() -> {
            try {
                return client().post(path, body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1_000);
        long sent = System.nanoTime();
        HttpResponse<java.io.InputStream> follower = client().send(client().request(path)
                .header("content-type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)),
                HttpResponse.BodyHandlers.ofInputStream());
        byte[] first = new byte[16];
        int read;
        String rest;
        try (java.io.InputStream in = follower.body()) {
            read = in.read(first);
            long firstBytes = System.nanoTime() - sent;
            assertThat(java.time.Duration.ofNanos(firstBytes))
                    .as("the events already come, at once: not at the leader's end, 3 s later")
                    .isLessThan(java.time.Duration.ofMillis(1_500));
            rest = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String whole = new String(first, 0, read, java.nio.charset.StandardCharsets.UTF_8) + rest;
        HttpResponse<String> led = leader.get(10, TimeUnit.SECONDS);
        assertThat(status(led)).isEqualTo("MISS");
        assertThat(status(follower)).isEqualTo("HIT");
        assertThat(whole).isEqualTo(led.body()).contains("w4").endsWith("data: [DONE]\n\n");
        assertThat(paced.requests.get() - before).isEqualTo(1);
    }

    /**
     * A leader's client that leaves after the first bytes while a follower reads on: its entry then holds the 10,000
     * output tokens the provider reported at the end, and the stream, which ended cleanly, is cached after one call.
     */
    private void leaveAStreamOthersReadOn(String path, String body) throws Exception {
        int before = billed.requests.get();
        HttpResponse<java.io.InputStream> leader = client().send(client().request(path)
                .header("content-type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)), HttpResponse.BodyHandlers.ofInputStream());
        String leaderLog = leader.headers().firstValue("cf-aig-log-id").orElseThrow();
        CompletableFuture<HttpResponse<String>> follower = CompletableFuture.supplyAsync(() -> {
            try {
                return client().post(path, body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (java.io.InputStream in = leader.body()) {
            assertThat(in.read(new byte[16])).isPositive();
            Thread.sleep(1_000);
        }
        HttpResponse<String> followed = follower.get(15, TimeUnit.SECONDS);
        assertThat(status(followed)).isEqualTo("HIT");
        assertThat(followed.body()).endsWith("data: [DONE]\n\n");
        HttpResponse<String> entry = client().awaitAdmin("/client/v4/accounts/local/ai-gateway/gateways/cached/logs/"
                + leaderLog);
        assertThat(entry.body()).contains("\"status_code\":499").contains("\"tokens_out\":10000");
        assertThat(status(client().post(path, body))).as("the stream ended cleanly: cached").isEqualTo("HIT");
        assertThat(billed.requests.get() - before).isEqualTo(1);
    }

    /**
     * Found by the limits probe: the leader's entry counted only what its client had read (3 in, 12 out, estimated)
     * while the provider went on to bill 10,000 output tokens for the follower, logged as a hit costing nothing; token
     * and spend limits counted almost none of it, and the clean stream was not cached. Provider-native, and through the
     * unified API, whose translation reads on with it.
     */
    @ParameterizedTest
    @CsvSource({"/v1/local/cached/custom-billed/chat/completions,m",
            "/v1/local/cached/compat/chat/completions,custom-billed/m"})
    void aLeaderWhoseClientLeavesAStreamOthersReadOnIsLoggedWithWhatTheProviderSentAndTheStreamIsCached(String path,
                                                                                                     String model)
            throws Exception {
        leaveAStreamOthersReadOn(path, "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"" + UUID.randomUUID() + "\"}]}");
    }

    @Test
    void aHitSaysItsContentLengthLikeTheMissBeforeIt() throws Exception {
        // Found by the cache probe: the MISS had Content-Length, the HIT after it came chunked without one.
        answers(COMPLETION, "application/json", 0);
        String body = prompt();
        HttpResponse<String> miss = client().post(CACHED, body, "authorization", "Bearer sk-test");
        HttpResponse<String> hit = client().post(CACHED, body, "authorization", "Bearer sk-test");
        assertThat(status(hit)).isEqualTo("HIT");
        assertThat(miss.headers().firstValue("content-length")).contains(String.valueOf(COMPLETION.length()));
        assertThat(hit.headers().firstValue("content-length")).contains(String.valueOf(COMPLETION.length()));
        assertThat(hit.headers().firstValue("transfer-encoding")).isEmpty();
        assertThat(hit.body()).isEqualTo(COMPLETION);
    }

    @Test
    void aRangeRequestsPartialAnswerIsNeverServedForTheWholeFile() throws Exception {
        // Found by the cache probe: a 206 for Range: bytes=0-9 was cached and served as a HIT to a request for the file.
        String file = "/v1/local/cached/openai/v1/files/file-" + UUID.randomUUID() + "/content";
        upstream.when(request().withMethod("GET").withHeader("range", "bytes=0-9"))
                .respond(response().withStatusCode(206).withHeader("content-range", "bytes 0-9/20").withBody("0123456789"));
        upstream.when(request().withMethod("GET"))
                .respond(response().withStatusCode(200).withHeader("content-type", "text/plain").withBody("0123456789abcdefghij"));
        HttpResponse<String> part = client().send(client().request(file).GET().header("authorization", "Bearer sk-test")
                .header("range", "bytes=0-9"));
        assertThat(part.statusCode()).isEqualTo(206);
        HttpResponse<String> whole = client().send(client().request(file).GET().header("authorization", "Bearer sk-test"));
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo("0123456789abcdefghij");
        assertThat(status(whole)).isEqualTo("MISS");
    }

    @Test
    void errorsAreNotCached() throws Exception {
        upstream.when(request().withMethod("POST").withPath("/v1/chat/completions"))
                .respond(response().withStatusCode(529).withBody("{\"type\":\"error\"}"));
        String body = prompt();
        assertThat(client().post(CACHED, body).statusCode()).isEqualTo(529);
        assertThat(status(client().post(CACHED, body))).isEqualTo("MISS");
        assertThat(upstreamCalls()).isEqualTo(2);
    }

    @Test
    void purgingAndInvalidatingUpdatesDropEntries() throws Exception {
        answers(COMPLETION, "application/json", 0);
        String body = prompt();
        client().post(CACHED, body);
        assertThat(status(client().post(CACHED, body))).isEqualTo("HIT");

        HttpResponse<String> purged = client().admin("DELETE",
                "/client/v4/accounts/local/ai-gateway/gateways/cached/cache", null);
        assertThat(purged.statusCode()).isEqualTo(200);
        assertThat(purged.body()).contains("\"success\":true").contains("\"purged\":true");
        assertThat(status(client().post(CACHED, body))).isEqualTo("MISS");
        assertThat(status(client().post(CACHED, body))).isEqualTo("HIT");

        client().admin("PUT", "/client/v4/accounts/local/ai-gateway/gateways/cached",
                "{\"cache_invalidate_on_update\":false}");
        assertThat(status(client().post(CACHED, body))).isEqualTo("HIT");
        client().admin("PUT", "/client/v4/accounts/local/ai-gateway/gateways/cached",
                "{\"cache_invalidate_on_update\":true}");
        assertThat(status(client().post(CACHED, body))).isEqualTo("MISS");

        assertThat(client().admin("DELETE", "/client/v4/accounts/local/ai-gateway/gateways/nope/cache", null)
                .statusCode()).isEqualTo(404);
        assertThat(client().send(client().request("/client/v4/accounts/local/ai-gateway/gateways/cached/cache")
                .DELETE()).statusCode()).isEqualTo(401);
    }

    @Test
    void badCacheHeadersAreClearErrors() throws Exception {
        for (String[] header : new String[][] {{"cf-aig-cache-ttl", "-1"}, {"cf-aig-cache-ttl", "1.5"},
                {"cf-cache-ttl", "soon"}, {"cf-aig-skip-cache", "maybe"}, {"cf-aig-cache-key", " "}}) {
            HttpResponse<String> response = client().post(CACHED, prompt(), header);
            assertThat(response.statusCode()).as(header[0] + ": " + header[1]).isEqualTo(400);
            assertThat(response.body()).contains("2100").contains(header[0]);
            assertThat(status(response)).isEqualTo("MISS");
        }
        assertThat(upstreamCalls()).isZero();
    }

}
