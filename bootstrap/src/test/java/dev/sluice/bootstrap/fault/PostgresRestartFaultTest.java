package dev.sluice.bootstrap.fault;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PostgreSQL that holds gateways and logs stopped and started again while a few clients keep sending:
 * requests go on being served (gateway settings are held in memory), log entries wait in the writer's
 * queue and are written once the database is back. Nothing accepted is lost.
 */
class PostgresRestartFaultTest {

    private static final int WARM_UP = 10;

    @Test
    void requestsAreServedWhileTheDatabaseIsDownAndEveryEntryIsWrittenAfterItsRestart() throws Exception {
        try (PrivatePostgres postgres = new PrivatePostgres()) {
            postgres.start();
            try (ApplicationContext context = ApplicationContext.run(Map.of(
                    "micronaut.server.port", -1,
                    "sluice.data-dir", Files.createTempDirectory("sluice-fault-pg-restart").toString(),
                    "sluice.admin-token", FaultClient.ADMIN,
                    "sluice.database.url", postgres.jdbcUrl(),
                    "sluice.gateways.cold.cache-ttl", "0",
                    "sluice.logs.flush-interval", "50ms"))) {
                URI base = context.getBean(EmbeddedServer.class).start().getURI();
                FaultClient client = new FaultClient(base);
                String path = String.format(FaultClient.CHAT, "default");
                for (int i = 0; i < WARM_UP; i++) {
                    // The gateway's settings are loaded (and the path compiled) before the database goes away.
                    assertThat(client.send(client.post(path, FaultClient.prompt("warm" + i), Duration.ofSeconds(30)))
                            .statusCode()).isEqualTo(200);
                }
                CompletableFuture<String> coldGateway = CompletableFuture.completedFuture("not tried");
                Load load = new Load(base, 4, Duration.ofMillis(10),
                        n -> Load.post(base, path, FaultClient.prompt("n" + n)));
                long downFrom;
                long downUntil;
                try {
                    Thread.sleep(1500);
                    downFrom = System.nanoTime();
                    postgres.stop();
                    coldGateway = CompletableFuture.supplyAsync(() -> timed(client, "cold"));
                    Thread.sleep(3000);
                    postgres.start();
                    downUntil = System.nanoTime();
                    Thread.sleep(1500);
                } finally {
                    load.close();
                }

                long ok = WARM_UP + load.count(Load.Outcome::ok);
                long servedWhileDown = load.count(o -> o.ok() && o.finishedNanos() > downFrom && o.finishedNanos() < downUntil);
                long started = System.nanoTime();
                long stored = client.awaitLogCount("default", ok, Duration.ofSeconds(40));
                System.out.printf("FAULT postgres-restart: %d requests %s, %d of them answered while PostgreSQL was down"
                                + " (%d ms); %d entries stored %d ms after the load ended; dropped %.0f%n",
                        load.outcomes().size(), load.summary(), servedWhileDown, (downUntil - downFrom) / 1_000_000,
                        stored, (System.nanoTime() - started) / 1_000_000,
                        client.metric("sluice_log_writer_dropped_total"));
                System.out.printf("FAULT postgres-restart: a gateway not yet in memory, asked while the database was down: %s%n",
                        coldGateway.get(60, TimeUnit.SECONDS));

                assertThat(load.summary()).as("every request answered 200 through the outage").containsOnlyKeys("200");
                assertThat(servedWhileDown).as("requests answered while PostgreSQL was down").isPositive();
                assertThat(stored).as("entries in the store after the restart vs 2xx answers").isEqualTo(ok);
            }
        }
    }

    /** One request to {@code gateway}: its status and how long it took (measured, not asserted: see docs/RELIABILITY.md). */
    private static String timed(FaultClient client, String gateway) {
        long started = System.nanoTime();
        try {
            int status = client.send(client.post(String.format(FaultClient.CHAT, gateway), FaultClient.prompt("cold"),
                    Duration.ofSeconds(45))).statusCode();
            return status + " after " + (System.nanoTime() - started) / 1_000_000 + " ms";
        } catch (Exception e) {
            return e.getClass().getSimpleName() + " after " + (System.nanoTime() - started) / 1_000_000 + " ms";
        }
    }
}
