package dev.sluice.bootstrap;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Settings that cannot mean what was written stop the start, each named with its key and variable. Before, Micronaut
 * bound an unconvertible value as absent (the default, or false, took its place: a gateway written with
 * {@code authentication: maybe} was left open), and some convertible ones failed every request with a 500 later.
 */
class ConfigurationCheckTest {

    @TempDir
    Path dir;

    private void refused(Map<String, Object> settings, String... problems) {
        Map<String, Object> properties = new HashMap<>(settings);
        properties.put("sluice.data-dir", dir.toString());
        properties.putIfAbsent("micronaut.server.port", "-1");
        assertThatThrownBy(() -> ApplicationContext.run(properties).close())
                .hasStackTraceContaining("Sluice cannot start with this configuration")
                .satisfies(failure -> {
                    java.io.StringWriter trace = new java.io.StringWriter();
                    failure.printStackTrace(new java.io.PrintWriter(trace));
                    for (String problem : problems) {
                        org.assertj.core.api.Assertions.assertThat(trace.toString()).contains(problem);
                    }
                });
        // Refused before the store is made: nothing is opened or written in the data directory (a quick check of the file
        // it had opened went on after the refusal, and once raced this test's removal of the directory).
        org.assertj.core.api.Assertions.assertThat(dir).isEmptyDirectory();
    }

    @Test
    void valuesThatDoNotConvertAreRefusedNotReplacedByTheDefault() {
        refused(Map.of("sluice.logs.max-body-size", "abc", "sluice.logs.queue-capacity", "999999999999",
                        "sluice.upstream-timeout", "soon", "sluice.database.quick-check", "maybe"),
                "sluice.logs.max-body-size (SLUICE_LOGS_MAX_BODY_SIZE) is 'abc': is not a whole number",
                "sluice.logs.queue-capacity (SLUICE_LOGS_QUEUE_CAPACITY) is '999999999999': must be between 1 and 2147483647",
                "sluice.upstream-timeout (SLUICE_UPSTREAM_TIMEOUT) is 'soon': is not a duration",
                "sluice.database.quick-check (SLUICE_DATABASE_QUICK_CHECK) is 'maybe': must be true or false");
    }

    /**
     * Found by a probe: the framework's keys that the README's table lists stopped the start with 68 frames of
     * Micronaut's injection when they did not convert. And a default taken from another key (the cache's follower
     * wait is the upstream timeout's) was named as if it had been set.
     */
    @Test
    void theFrameworksKeysInTheReadmeAreCheckedAndADefaultFromAnotherKeyIsNotNamed() {
        refused(Map.of("micronaut.server.port", "abc", "micronaut.server.max-request-size", "abc",
                        "micronaut.server.idle-timeout", "soon", "micronaut.server.netty.max-header-size", "16KiB",
                        "micronaut.http.client.max-header-size", "99999999999",
                        "micronaut.lifecycle.graceful-shutdown.grace-period", "-1s",
                        "micronaut.http.client.pool.max-pending-connections", "many", "sluice.upstream-timeout", "soon",
                        "sluice.database.url", "jdbc:mysql://127.0.0.1/x?password=secret"),
                "sluice.database.url (SLUICE_DATABASE_URL) is 'jdbc:mysql://127.0.0.1/x?…': must be a jdbc:postgresql: URL",
                "micronaut.server.port (MICRONAUT_SERVER_PORT) is 'abc': is not a whole number",
                "micronaut.server.max-request-size (MICRONAUT_SERVER_MAX_REQUEST_SIZE) is 'abc': is not a size in bytes",
                "micronaut.server.idle-timeout (MICRONAUT_SERVER_IDLE_TIMEOUT) is 'soon': is not a duration",
                "micronaut.server.netty.max-header-size (MICRONAUT_SERVER_NETTY_MAX_HEADER_SIZE) is '16KiB': is not a size",
                "micronaut.http.client.max-header-size (MICRONAUT_HTTP_CLIENT_MAX_HEADER_SIZE) is '99999999999': must be at most 2147483647 bytes",
                "micronaut.lifecycle.graceful-shutdown.grace-period (MICRONAUT_LIFECYCLE_GRACEFUL_SHUTDOWN_GRACE_PERIOD) is '-1s': must not be negative",
                "micronaut.http.client.pool.max-pending-connections (MICRONAUT_HTTP_CLIENT_POOL_MAX_PENDING_CONNECTIONS) is 'many': is not a whole number");
        assertThatThrownBy(() -> ApplicationContext.run(Map.of("sluice.data-dir", dir.toString(),
                "micronaut.server.port", "-1", "sluice.upstream-timeout", "soon")).close())
                .hasStackTraceContaining("sluice.upstream-timeout")
                .satisfies(failure -> org.assertj.core.api.Assertions.assertThat(failure.getMessage())
                        .doesNotContain("follower-wait"));
        ApplicationContext.run(Map.of("sluice.data-dir", dir.resolve("ok").toString(), "micronaut.server.port", "-1",
                "micronaut.server.max-request-size", "25MB", "micronaut.server.netty.max-header-size", "16kb")).close();
    }

    /**
     * Found by a probe: a rule set by environment variables was dropped without a word, a spend rule's stopped the
     * start naming a field {@code rules[0]id}; and a request size of 2GB stopped it with Micronaut's stack trace.
     */
    @Test
    void aGatewaysListsFromVariablesAndARequestSizePastTheBuffersAreRefusedInWords() {
        org.assertj.core.api.Assertions.assertThat(ConfigurationCheck.Checks.listsInVariables(Map.of(
                "SLUICE_GATEWAYS_ENVG_LIMITS_0_ID", "l1", "SLUICE_GATEWAYS_ENVG_SPEND_LIMITS_RULES_0_ID", "r1",
                "SLUICE_GATEWAYS_ENVG_SPEND_LIMITS_ENABLED", "true", "SLUICE_GATEWAYS_ENVG_RATE_LIMITING_LIMIT", "5",
                "SLUICE_GATEWAYS_LIMITS_CACHE_TTL", "60")))
                .containsExactly(
                        "SLUICE_GATEWAYS_ENVG_LIMITS_0_ID sets a gateway's limits or spend limits, which are lists of rules:"
                                + " write them in a configuration file (MICRONAUT_CONFIG_FILES), each rule as '- id: …'",
                        "SLUICE_GATEWAYS_ENVG_SPEND_LIMITS_ENABLED sets a gateway's limits or spend limits, which are lists"
                                + " of rules: write them in a configuration file (MICRONAUT_CONFIG_FILES), each rule as '- id: …'",
                        "SLUICE_GATEWAYS_ENVG_SPEND_LIMITS_RULES_0_ID sets a gateway's limits or spend limits, which are"
                                + " lists of rules: write them in a configuration file (MICRONAUT_CONFIG_FILES), each rule as"
                                + " '- id: …'");
        refused(Map.of("micronaut.server.max-request-size", "2GB"),
                "micronaut.server.max-request-size (MICRONAUT_SERVER_MAX_REQUEST_SIZE) is '2GB': must be at most 2147483646 bytes");
    }

    @Test
    void valuesThatConvertButBreakTheirFeatureAreRefused() {
        refused(Map.of("sluice.upstream-timeout", "-1s", "sluice.logs.flush-interval", "0s",
                        "sluice.cache.max-entry-size", "-1", "sluice.server.parsed-body-budget", "0",
                        "sluice.database.pool-size", "0", "sluice.providers.openai.base-url", "notaurl"),
                "sluice.upstream-timeout (SLUICE_UPSTREAM_TIMEOUT) is '-1s': must be longer than zero",
                "sluice.logs.flush-interval (SLUICE_LOGS_FLUSH_INTERVAL) is '0s': must be longer than zero",
                "sluice.cache.max-entry-size (SLUICE_CACHE_MAX_ENTRY_SIZE) is '-1': must be at least 0",
                "sluice.server.parsed-body-budget (SLUICE_SERVER_PARSED_BODY_BUDGET) is '0': must be at least 1",
                "sluice.database.pool-size (SLUICE_DATABASE_POOL_SIZE) is '0': must be at least 1",
                "sluice.providers.openai.base-url (SLUICE_PROVIDERS_OPENAI_BASE_URL) is 'notaurl': must be an http");
    }

    @Test
    void theRequestBodyBudgetMustHoldTheLargestBodyARequestMaySend() {
        refused(Map.of("sluice.server.request-body-budget", "1000000"),
                "sluice.server.request-body-budget (SLUICE_SERVER_REQUEST_BODY_BUDGET) is '1000000': must be at least "
                        + "micronaut.server.max-request-size (26214400), or a body of that size is never admitted");
    }

    @Test
    void theMarkToHoldRequestsAtMustBeBelowTheQueuesCapacity() {
        refused(Map.of("sluice.logs.hold-requests-above", "20000", "sluice.logs.max-hold", "0s"),
                "sluice.logs.hold-requests-above (SLUICE_LOGS_HOLD_REQUESTS_ABOVE) is '20000': must be below "
                        + "sluice.logs.queue-capacity (20000), by at least as many requests as may be under way at once",
                "sluice.logs.max-hold (SLUICE_LOGS_MAX_HOLD) is '0s': must be longer than zero");
        refused(Map.of("sluice.logs.hold-requests-above", "600", "sluice.logs.queue-capacity", "500",
                        "sluice.logs.max-hold", "300000d"),
                "sluice.logs.hold-requests-above (SLUICE_LOGS_HOLD_REQUESTS_ABOVE) is '600': must be below "
                        + "sluice.logs.queue-capacity (500)",
                "sluice.logs.max-hold (SLUICE_LOGS_MAX_HOLD) is '300000d': must be at most 2000ms");
    }

    @Test
    void aGatewaySettingSplitAtTheUnderscoresOfItsEnvironmentVariableIsNotTakenForAMisspelling() {
        // SLUICE_GATEWAYS_CACHED_CACHE_TTL also names sluice.gateways.cached.cache (bench/hits.sh sets it).
        org.assertj.core.api.Assertions.assertThat(ConfigurationCheck.Checks.knownGatewayField("cache")).isTrue();
        org.assertj.core.api.Assertions.assertThat(ConfigurationCheck.Checks.knownGatewayField("rate-limiting")).isTrue();
        org.assertj.core.api.Assertions.assertThat(ConfigurationCheck.Checks.knownGatewayField("rate-limitng")).isFalse();
        org.assertj.core.api.Assertions.assertThat(ConfigurationCheck.Checks.knownGatewayField("cache-ttls")).isFalse();
    }

    @Test
    void aConfiguredGatewaysFieldsAreTypedAsTheManagementApiTypesThem() {
        refused(Map.of("sluice.gateways.prod.authentication", "maybe", "sluice.gateways.prod.cache-ttl", "lots",
                        "sluice.gateways.prod.rate-limitng-limit", "5"),
                "sluice.gateways.prod.rate-limitng-limit is not a gateway setting (they are authentication,",
                "sluice.gateways.prod.authentication (SLUICE_GATEWAYS_PROD_AUTHENTICATION) is 'maybe': must be true or false",
                "sluice.gateways.prod.cache-ttl (SLUICE_GATEWAYS_PROD_CACHE_TTL) is 'lots': must be a whole number");
    }

    @Test
    void limitsOfAnotherShapeAndValuesTheManagementApiRefusesNameTheirGatewaysKeys() {
        // Found by the limits probe: one rule written without the list, or spend rules without 'rules:', started the
        // gateway with no limits at all; a negative limit stopped the start naming neither the gateway nor the key.
        refused(Map.of("sluice.gateways.one.limits", Map.of("id", "per-user", "count", "requests", "limit", 20,
                                "window", 60),
                        "sluice.gateways.flat.spend-limits", List.of(Map.of("id", "x", "limit", 5, "window", 60)),
                        "sluice.gateways.word.limits", "notalist",
                        "sluice.gateways.minus.rate-limiting-limit", "-5",
                        "sluice.gateways.rule.limits", List.of(Map.of("id", "a", "count", "requests", "limit", -1,
                                "window", 60)),
                        "sluice.gateways.typo.limits", List.of(Map.of("id", "a", "count", "requests", "limit", 1,
                                "window", 60, "provider", Map.of("mode", "filter", "values", List.of("opnai"))))),
                "sluice.gateways.one.limits (SLUICE_GATEWAYS_ONE_LIMITS) must be a list of rules",
                "sluice.gateways.flat.spend-limits (SLUICE_GATEWAYS_FLAT_SPEND_LIMITS) must be an object with 'enabled'",
                "sluice.gateways.word.limits (SLUICE_GATEWAYS_WORD_LIMITS) must be a list of rules",
                "sluice.gateways.minus.rate-limiting-limit (SLUICE_GATEWAYS_MINUS_RATE_LIMITING_LIMIT) must be zero or more",
                "sluice.gateways.rule.limits[0].limit (SLUICE_GATEWAYS_RULE_LIMITS_0_LIMIT) must be zero or more",
                "sluice.gateways.typo.limits[0].provider (SLUICE_GATEWAYS_TYPO_LIMITS_0_PROVIDER) 'opnai' is not a"
                        + " provider Sluice serves");
    }

    /**
     * A misspelt key was ignored without a word and its feature ran on the default: {@code sluice.limts.redis-url} left
     * the limits counted in each replica alone, {@code sluice.providers.opnai.base-url} called OpenAI itself. Keys of
     * another form (camel case, snake case) are the same key, as Micronaut reads them.
     */
    @Test
    void aKeySluiceDoesNotHaveIsRefusedWithTheNearestOne() {
        refused(Map.of("sluice.limts.redis-url", "redis://127.0.0.1:6379", "sluice.providers.opnai.base-url",
                        "http://127.0.0.1:1", "sluice.logs.maxBodySze", "10", "sluice.frobnicate", "yes",
                        "sluice.pricing.openai.gpt-4.1.inptu", "1"),
                "sluice.limts.redis-url is not a Sluice setting (did you mean sluice.limits.redis-url?)",
                "sluice.providers.opnai.base-url is not a Sluice setting (did you mean sluice.providers.openai.base-url?)",
                "sluice.logs.max-body-sze is not a Sluice setting (did you mean sluice.logs.max-body-size?)",
                "sluice.frobnicate is not a Sluice setting (README, \"Configuration\", lists them)",
                "sluice.pricing.openai.gpt-4.1.inptu is not a Sluice setting");
    }
}
