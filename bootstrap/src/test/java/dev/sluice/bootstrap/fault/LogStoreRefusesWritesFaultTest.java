package dev.sluice.bootstrap.fault;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A log store that refuses writes (as on a full disk: here PostgreSQL switched to read-only, its sessions
 * ended) while requests go on: requests are still served, the writer keeps what its queue holds and retries
 * it until the store takes writes again; what overflows the queue is lost, and counted in
 * {@code sluice_log_writer_dropped_total}: exactly the entries missing from the store. A mark to hold requests at
 * ({@code sluice.logs.hold-requests-above}) holds them only until the first refused write has failed: a store that
 * fails is not waited for.
 */
class LogStoreRefusesWritesFaultTest {

    private static final int BEFORE = 10;
    private static final int REFUSED = 120;
    private static final int CAPACITY = 40;
    private static final int BATCH = 10;

    @Test
    void requestsAreServedAndWhatTheQueueHoldsIsWrittenWhenTheStoreAcceptsAgain() throws Exception {
        try (PrivatePostgres postgres = new PrivatePostgres()) {
            postgres.start();
            Map<String, Object> properties = new HashMap<>(Map.of(
                    "micronaut.server.port", -1,
                    "sluice.data-dir", Files.createTempDirectory("sluice-fault-full").toString(),
                    "sluice.admin-token", FaultClient.ADMIN,
                    "sluice.database.url", postgres.jdbcUrl(),
                    "sluice.logs.flush-interval", "20ms",
                    "sluice.logs.queue-capacity", String.valueOf(CAPACITY),
                    "sluice.logs.batch-size", String.valueOf(BATCH),
                    "sluice.logs.max-retry-pause", "200ms",
                    "sluice.logs.hold-requests-above", "10",
                    "sluice.logs.max-hold", "2s"));
            try (ApplicationContext context = ApplicationContext.run(properties)) {
                URI base = context.getBean(EmbeddedServer.class).start().getURI();
                FaultClient client = new FaultClient(base);
                String path = String.format(FaultClient.CHAT, "default");
                for (int i = 0; i < BEFORE; i++) {
                    assertThat(client.send(client.post(path, FaultClient.prompt("before" + i), Duration.ofSeconds(10)))
                            .statusCode()).isEqualTo(200);
                }
                assertThat(client.awaitLogCount("default", BEFORE, Duration.ofSeconds(10))).isEqualTo(BEFORE);

                postgres.refuseWrites(true);
                int served = 0;
                for (int i = 0; i < REFUSED; i++) {
                    int status = client.send(client.post(path, FaultClient.prompt("refused" + i), Duration.ofSeconds(10)))
                            .statusCode();
                    served += status == 200 ? 1 : 0;
                }
                Thread.sleep(500);
                double failures = client.metric("sluice_log_writer_store_failures_total");
                double held = client.metric("sluice_log_writer_held_total");
                double droppedWhileRefused = client.metric("sluice_log_writer_dropped_total");
                // Read like an operator would; a 503 from a pooled connection the database ended is tried again.
                long storedWhileRefused = client.awaitLogCount("default", BEFORE, Duration.ofSeconds(5));
                postgres.refuseWrites(false);

                long started = System.nanoTime();
                long expected = BEFORE + REFUSED - (long) droppedWhileRefused;
                long stored = client.awaitLogCount("default", expected, Duration.ofSeconds(40));
                long catchUp = (System.nanoTime() - started) / 1_000_000;
                double dropped = client.metric("sluice_log_writer_dropped_total");
                System.out.printf("FAULT store-refuses-writes: %d of %d requests served while the store refused writes;"
                                + " %d entries stored then (of %d before); %.0f failed batch writes; %.0f dropped"
                                + " (queue %d + batch %d); %d stored %d ms after writes were accepted again%n",
                        served, REFUSED, storedWhileRefused, BEFORE, failures, dropped, CAPACITY, BATCH, stored, catchUp);

                assertThat(served).as("requests served while the store refused writes").isEqualTo(REFUSED);
                // Held only while the first refused write is still under way (until it errors out), never after: were a
                // failing store waited for, most of the 120 would be.
                assertThat(held).as("requests held for a store that fails").isLessThan(10);
                assertThat(failures).as("refused batches are retried").isPositive();
                assertThat(storedWhileRefused).as("nothing written while refused").isEqualTo(BEFORE);
                assertThat(dropped).as("dropped once the queue was full, not later").isEqualTo(droppedWhileRefused);
                assertThat((long) dropped).as("what the queue and the batch in hand could not hold")
                        .isBetween((long) REFUSED - CAPACITY - BATCH, (long) REFUSED - CAPACITY);
                assertThat(stored).as("every entry not counted as dropped is written").isEqualTo(BEFORE + REFUSED - (long) dropped);
            }
        }
    }
}
