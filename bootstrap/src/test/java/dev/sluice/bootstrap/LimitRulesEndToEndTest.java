package dev.sluice.bootstrap;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Limits set through the management API, on the in-process mock provider: a per-user rule keyed by
 * {@code cf-aig-metadata}, a spend limit reserved and settled, refusals in the logs with their rule and in
 * {@code /prometheus}, each counter's usage on {@code GET …/limits}, and bad rules refused naming the field.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LimitRulesEndToEndTest implements TestPropertyProvider {

    private static final String GATEWAYS = "/client/v4/accounts/local/ai-gateway/gateways";
    private static final String CHAT = "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"%s\"}]}";

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        try {
            return Map.of(
                    "sluice.data-dir", Files.createTempDirectory("sluice-limits-e2e").toString(),
                    "micronaut.server.port", "-1",
                    "sluice.admin-token", SluiceClient.ADMIN,
                    "sluice.logs.flush-interval", "10ms");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private SluiceClient client() {
        return new SluiceClient(server.getURI());
    }

    private JsonNode create(String id, String fields) throws Exception {
        HttpResponse<String> created = client().admin("POST", GATEWAYS, "{\"id\":\"" + id + "\",\"cache_ttl\":0,"
                + "\"cache_invalidate_on_update\":false,\"collect_logs\":true,\"rate_limiting_interval\":0,"
                + "\"rate_limiting_limit\":0," + fields + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        return json.readValue(created.body(), JsonNode.class).get("result");
    }

    private HttpResponse<String> chat(String gateway, String text, String... headers) throws Exception {
        return client().post("/v1/local/" + gateway + "/mock/v1/chat/completions", CHAT.formatted(text), headers);
    }

    @Test
    void aPerUserRuleRefusesTheThirdRequestOfAUserAndSaysSoEverywhere() throws Exception {
        JsonNode gateway = create("per-user", "\"limits\":[{\"id\":\"two-each\",\"count\":\"requests\",\"limit\":2,"
                + "\"window\":60,\"technique\":\"sliding\",\"key\":\"metadata.user_id\"}]");
        assertThat(gateway.get("limits").get(0).get("key").getStringValue()).isEqualTo("metadata.user_id");
        String alice = "{\"user_id\":\"alice\"}";
        assertThat(chat("per-user", "1", "cf-aig-metadata", alice).statusCode()).isEqualTo(200);
        assertThat(chat("per-user", "2", "cf-aig-metadata", alice).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = chat("per-user", "3", "cf-aig-metadata", alice);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("2003").contains("rule 'two-each' (requests limit 2 per 60s, sliding)"
                + " for metadata.user_id=alice");
        assertThat(refused.headers().firstValue("retry-after")).isPresent();
        assertThat(chat("per-user", "4", "cf-aig-metadata", "{\"user_id\":\"bob\"}").statusCode()).isEqualTo(200);

        String logId = refused.headers().firstValue("cf-aig-log-id").orElseThrow();
        HttpResponse<String> logged = client().awaitAdmin(GATEWAYS + "/per-user/logs/" + logId + "/response");
        assertThat(logged.body()).contains("\"rule\":\"two-each\"").contains("\"code\":2003");
        JsonNode entry = json.readValue(client().admin("GET", GATEWAYS + "/per-user/logs/" + logId, null).body(),
                JsonNode.class).get("result");
        assertThat(entry.get("status_code").getIntValue()).isEqualTo(429);

        String usage = client().admin("GET", GATEWAYS + "/per-user/limits", null).body();
        assertThat(usage).contains("\"partition\":\"metadata.user_id=alice\",\"used\":\"2\",\"remaining\":\"0\"")
                .contains("\"partition\":\"metadata.user_id=bob\",\"used\":\"1\",\"remaining\":\"1\"");
        assertThat(awaitRateLimited("per-user", 1)).as("analytics count the refusal on its own").isEqualTo(1);
        String metrics = client().send(client().request("/prometheus").GET()).body();
        assertThat(metrics).contains("sluice_limits_refused_total{gateway=\"per-user\",rule=\"two-each\"} 1.0");
    }

    /** A rule that covers one step's model only refuses that step: the universal request falls back to the next. */
    @Test
    void aUniversalStepARuleRefusesFallsBackToTheNextStep() throws Exception {
        create("capped-model", "\"limits\":[{\"id\":\"no-big\",\"count\":\"requests\",\"limit\":0,\"window\":60,"
                + "\"model\":{\"mode\":\"filter\",\"values\":[\"big-model\"]}}]");
        String step = "{\"provider\":\"mock\",\"endpoint\":\"v1/chat/completions\",\"headers\":{},\"query\":"
                + "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}";
        HttpResponse<String> answered = client().post("/v1/local/capped-model",
                "[" + step.formatted("big-model") + "," + step.formatted("small-model") + "]");
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        assertThat(answered.headers().firstValue("cf-aig-step")).contains("1");
        assertThat(answered.body()).contains("small-model");

        HttpResponse<String> alone = client().post("/v1/local/capped-model", "[" + step.formatted("big-model") + "]");
        assertThat(alone.statusCode()).as("the last step's refusal comes back").isEqualTo(429);
        assertThat(alone.body()).contains("no-big");
    }

    /**
     * A full gateway-wide limit refuses each universal step's call to its provider, but a step whose answer is cached is
     * still answered (cache hits do not count): the request walks its steps rather than stopping at the first refusal.
     */
    @Test
    void aStepTheCacheAnswersIsServedBehindAFullGatewayLimit() throws Exception {
        HttpResponse<String> created = client().admin("POST", GATEWAYS, "{\"id\":\"cached-behind-limit\","
                + "\"cache_ttl\":600,\"cache_invalidate_on_update\":false,\"collect_logs\":true,"
                + "\"rate_limiting_interval\":60,\"rate_limiting_limit\":1,\"rate_limiting_technique\":\"fixed\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String step = "{\"provider\":\"mock\",\"endpoint\":\"v1/chat/completions\",\"headers\":{},\"query\":"
                + "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}";
        HttpResponse<String> first = client().post("/v1/local/cached-behind-limit", "[" + step.formatted("m2") + "]");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        HttpResponse<String> fallback = client().post("/v1/local/cached-behind-limit",
                "[" + step.formatted("m1") + "," + step.formatted("m2") + "]");
        assertThat(fallback.statusCode()).as(fallback.body()).isEqualTo(200);
        assertThat(fallback.headers().firstValue("cf-aig-step")).contains("1");
        assertThat(fallback.headers().firstValue("cf-aig-cache-status")).contains("HIT");
    }

    @Test
    void aSpendLimitIsReservedBeforeAndSettledAfterSoItEndsWithinOneEstimate() throws Exception {
        create("budget", "\"spend_limits\":{\"enabled\":true,\"rules\":[{\"id\":\"five-dollars\",\"limit\":5,"
                + "\"limitType\":\"cost\",\"window\":604800,\"provider\":{\"mode\":\"filter\",\"values\":[\"mock\"]}}]}");
        // $0.10 a token each way: a request's estimate is its prompt's tokens plus max_tokens (10) at that rate.
        String price = "{\"per_token_in\":0.1,\"per_token_out\":0.1}";
        int passed = 0;
        HttpResponse<String> last = null;
        for (int i = 0; i < 20; i++) {
            last = chat("budget", "spend " + i, "cf-aig-custom-cost", price);
            if (last.statusCode() != 200) {
                break;
            }
            passed++;
            Thread.sleep(50);
        }
        assertThat(passed).isPositive();
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.body()).contains("2041").contains("Spend limit exceeded: rule 'five-dollars' (cost limit 5 "
                + "per 604800s, fixed) for mock m");
        assertThat(last.headers().firstValue("x-ratelimit-limit")).as("the budget, in dollars").hasValue("5");
        JsonNode rule = json.readValue(client().admin("GET", GATEWAYS + "/budget/limits", null).body(), JsonNode.class)
                .get("result").get(0);
        BigDecimal spent = new BigDecimal(rule.get("counters").get(0).get("used").getStringValue());
        assertThat(spent).isLessThanOrEqualTo(new BigDecimal("5"));
        assertThat(new BigDecimal(last.headers().firstValue("x-ratelimit-remaining").orElseThrow()))
                .as("the dollars left, which this request's estimate did not fit in").isEqualByComparingTo(
                        new BigDecimal("5").subtract(spent)).isPositive();
        assertThat(rule.get("limit").getStringValue()).isEqualTo("5");
        assertThat(last.headers().firstValue("Retry-After")).as("room frees when the week is over").isPresent();
        HttpResponse<String> never = chat("budget", "too dear", "cf-aig-custom-cost",
                "{\"per_token_in\":1,\"per_token_out\":1}");
        assertThat(never.statusCode()).isEqualTo(429);
        assertThat(never.body()).contains("2041").contains("cannot pass this rule at any time");
        assertThat(never.headers().firstValue("Retry-After")).as("no time to wait for").isEmpty();
        assertThat(never.headers().firstValue("x-ratelimit-reset")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"limits\":[{\"count\":\"requests\",\"limit\":-1,\"window\":60}]|limits[0].limit must be zero or more",
            "\"limits\":[{\"count\":\"requests\",\"limit\":1,\"window\":0}]|limits[0].window must be a whole number",
            "\"limits\":[{\"count\":\"requests\",\"limit\":1,\"window\":60,\"key\":\"ip\"}]|limits[0].key 'ip' is not a key",
            "\"limits\":{\"count\":1}|limits must be a list",
            "\"limits\":[{\"count\":\"requests\",\"limit\":1,\"window\":60,\"provider\":{\"mode\":\"filter\","
                    + "\"values\":[\"openai\",\"opnai\"]}}]|limits[0].provider 'opnai' is not a provider Sluice serves",
            "\"spend_limits\":{\"rules\":[{\"limit\":1,\"window\":60,\"provider\":{\"mode\":\"filter\","
                    + "\"values\":[\"custom-nowhere\"]}}]}|spend_limits.rules[0].provider 'custom-nowhere' is not a provider",
            "\"spend_limits\":{\"rules\":[{\"limit\":1,\"window\":60,\"metadata\":{\"%s\":{\"mode\":\"partition\"}}}]}"
                    + "|a metadata key must be 1 to 128 characters"})
    void aBadRuleIsRefusedWith400NamingTheField(String fields, String message) throws Exception {
        HttpResponse<String> refused = client().admin("POST", GATEWAYS, "{\"id\":\"bad\",\"cache_ttl\":0,"
                + "\"cache_invalidate_on_update\":false,\"collect_logs\":true,\"rate_limiting_interval\":0,"
                + "\"rate_limiting_limit\":0," + fields.formatted("k".repeat(129)) + "}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains(message);
    }

    @Test
    void twentyOneSpendRulesAreRefused() throws Exception {
        String rules = String.join(",", java.util.Collections.nCopies(21, "{\"limit\":1,\"window\":60}"));
        create("many", "\"authentication\":false");
        HttpResponse<String> refused = client().admin("PUT", GATEWAYS + "/many", "{\"spend_limits\":{\"rules\":["
                + rules + "]}}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("spend_limits.rules has 21 rules; at most 20 are allowed");
    }

    private long awaitRateLimited(String gateway, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long found;
        do {
            JsonNode totals = json.readValue(client().admin("GET", GATEWAYS + "/" + gateway + "/analytics", null)
                    .body(), JsonNode.class).get("result").get("totals");
            found = totals.get("rate_limited_requests").getLongValue();
            if (found >= expected) {
                return found;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return found;
    }
}
