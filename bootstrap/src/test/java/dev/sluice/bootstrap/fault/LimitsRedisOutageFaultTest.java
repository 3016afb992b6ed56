package dev.sluice.bootstrap.fault;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits' Redis stopped and started again (same port, nothing kept) under a running Sluice, whose checks go
 * over its event loops' own connections: while it is down each rule does what its {@code on_store_failure}
 * says within the Redis timeout, and once it is back the connections are made again and counting resumes.
 */
class LimitsRedisOutageFaultTest {

    private static final String ALLOWING = "outage-allow";
    private static final String DENYING = "outage-deny";

    @Test
    void eachRuleFollowsItsOnStoreFailureThroughAnOutageAndCountsAgainAfter() throws Exception {
        try (PrivateRedis redis = new PrivateRedis()) {
            redis.start();
            try (ApplicationContext context = ApplicationContext.run(Map.ofEntries(
                    Map.entry("micronaut.server.port", -1),
                    Map.entry("sluice.data-dir", Files.createTempDirectory("sluice-fault-limits").toString()),
                    Map.entry("sluice.admin-token", FaultClient.ADMIN),
                    Map.entry("sluice.limits.redis-url", redis.url()),
                    Map.entry("sluice.limits.redis-timeout", "200ms"),
                    Map.entry("sluice.gateways." + ALLOWING + ".limits[0].id", "three"),
                    Map.entry("sluice.gateways." + ALLOWING + ".limits[0].count", "requests"),
                    Map.entry("sluice.gateways." + ALLOWING + ".limits[0].limit", "3"),
                    Map.entry("sluice.gateways." + ALLOWING + ".limits[0].window", "3600"),
                    Map.entry("sluice.gateways." + DENYING + ".limits[0].id", "strict"),
                    Map.entry("sluice.gateways." + DENYING + ".limits[0].count", "requests"),
                    Map.entry("sluice.gateways." + DENYING + ".limits[0].limit", "1000"),
                    Map.entry("sluice.gateways." + DENYING + ".limits[0].window", "3600"),
                    // as a property: Micronaut hands it over as on-store-failure
                    Map.entry("sluice.gateways." + DENYING + ".limits[0].on_store_failure", "deny")))) {
                URI base = context.getBean(EmbeddedServer.class).start().getURI();
                FaultClient client = new FaultClient(base);

                assertThat(statuses(base, ALLOWING, 5)).as("counted in Redis").isEqualTo("200 200 200 429 429");
                assertThat(statuses(base, DENYING, 2)).isEqualTo("200 200");

                redis.stop();
                long started = System.nanoTime();
                assertThat(statuses(base, ALLOWING, 4)).as("allow: let through while Redis is down")
                        .isEqualTo("200 200 200 200");
                assertThat(statuses(base, DENYING, 4)).as("deny: refused while Redis is down")
                        .isEqualTo("429 429 429 429");
                assertThat((System.nanoTime() - started) / 1_000_000).as("ms for eight requests, none held")
                        .isLessThan(4_000);
                assertThat(client.metric("sluice_limits_store_failures_total{action=\"allow\",gateway=\""
                        + ALLOWING + "\",rule=\"three\"}")).isGreaterThanOrEqualTo(4);

                redis.start();
                Thread.sleep(1_200); // a failed connection is tried again after a second
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!statuses(base, DENYING, 8).equals("200 200 200 200 200 200 200 200")) {
                    assertThat(System.nanoTime()).as("every loop reconnected within 10 s").isLessThan(deadline);
                    Thread.sleep(200);
                }
                assertThat(statuses(base, ALLOWING, 5)).as("counted again in the emptied Redis")
                        .isEqualTo("200 200 200 429 429");
            }
        }
    }

    /**
     * Each request on a client and connection of its own, so the requests are spread over the server's event
     * loops, each with its own Redis connection.
     */
    private static String statuses(URI base, String gateway, int requests) throws Exception {
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < requests; i++) {
            FaultClient client = new FaultClient(base);
            HttpResponse<String> response = client.send(client.post(String.format(FaultClient.CHAT, gateway),
                    FaultClient.prompt("hi " + i), Duration.ofSeconds(5)));
            seen.append(seen.isEmpty() ? "" : " ").append(response.statusCode());
        }
        return seen.toString();
    }
}
