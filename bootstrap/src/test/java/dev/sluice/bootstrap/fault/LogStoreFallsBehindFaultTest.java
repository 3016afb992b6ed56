package dev.sluice.bootstrap.fault;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded log store slower than the traffic (each entry's insert made to cost about a millisecond, as on a slow
 * disk) under sixteen clients as fast as they go, with a queue of 200 entries. By default the writer's queue
 * overflows and entries are dropped (counted): logging never holds a request. With
 * {@code sluice.logs.hold-requests-above}, new requests wait for the writer to catch up instead, and every entry is
 * written.
 */
class LogStoreFallsBehindFaultTest {

    private static final int CLIENTS = 16;
    private static final int EACH = 50;

    @Test
    void byDefaultAWriterBehindDropsEntriesAndHoldsNoRequest() throws Exception {
        Outcome outcome = run(0);
        assertThat(outcome.served()).isEqualTo(CLIENTS * EACH);
        assertThat(outcome.held()).isZero();
        assertThat(outcome.dropped()).as("the store is slow enough to overflow the queue").isPositive();
        assertThat(outcome.stored() + outcome.dropped()).isEqualTo(CLIENTS * EACH);
    }

    @Test
    void withAHoldMarkRequestsWaitForTheWriterAndNothingIsDropped() throws Exception {
        Outcome outcome = run(50);
        assertThat(outcome.served()).isEqualTo(CLIENTS * EACH);
        assertThat(outcome.held()).as("requests waited").isPositive();
        assertThat(outcome.dropped()).isZero();
        assertThat(outcome.stored()).isEqualTo(CLIENTS * EACH);
    }

    private record Outcome(int served, long stored, double dropped, double held) {
    }

    private static Outcome run(int holdAbove) throws Exception {
        Path dataDir = Files.createTempDirectory("sluice-fault-behind");
        Map<String, Object> properties = Map.of(
                "micronaut.server.port", -1,
                "sluice.data-dir", dataDir.toString(),
                "sluice.admin-token", FaultClient.ADMIN,
                "sluice.logs.flush-interval", "20ms",
                "sluice.logs.queue-capacity", "200",
                "sluice.logs.batch-size", "100",
                "sluice.logs.hold-requests-above", String.valueOf(holdAbove),
                "sluice.logs.max-hold", "2s");
        try (ApplicationContext context = ApplicationContext.run(properties)) {
            URI base = context.getBean(EmbeddedServer.class).start().getURI();
            FaultClient client = new FaultClient(base);
            slowDown(dataDir.resolve("logs.db"));
            AtomicInteger served = new AtomicInteger();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int id = c;
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < EACH; i++) {
                        try {
                            if (client.send(client.post(String.format(FaultClient.CHAT, "default"),
                                    FaultClient.prompt("c" + id + "r" + i), Duration.ofSeconds(30))).statusCode() == 200) {
                                served.incrementAndGet();
                            }
                        } catch (Exception e) {
                            // counted as not served
                        }
                    }
                });
                thread.start();
                clients.add(thread);
            }
            for (Thread thread : clients) {
                thread.join();
            }
            double dropped = client.metric("sluice_log_writer_dropped_total");
            long stored = client.awaitLogCount("default", CLIENTS * EACH - (long) dropped, Duration.ofSeconds(60));
            double held = client.metric("sluice_log_writer_held_total");
            System.out.printf("FAULT store-falls-behind (hold above %d): %d of %d served; %d stored, %.0f dropped,"
                    + " %.0f requests held%n", holdAbove, served.get(), CLIENTS * EACH, stored, dropped, held);
            return new Outcome(served.get(), stored, client.metric("sluice_log_writer_dropped_total"), held);
        }
    }

    /** Every entry's insert also counts 40,000 pairs of a small table: a millisecond or more of the writer's time. */
    private static void slowDown(Path file) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement statement = db.createStatement()) {
            statement.execute("pragma busy_timeout = 10000");
            statement.execute("create table burn (x integer)");
            statement.execute("with recursive n(x) as (select 1 union all select x + 1 from n where x < 200)"
                    + " insert into burn select x from n");
            statement.execute("create trigger slow_insert after insert on logs begin"
                    + " select count(*) from burn a, burn b where a.x + b.x > 0; end");
        }
    }
}
