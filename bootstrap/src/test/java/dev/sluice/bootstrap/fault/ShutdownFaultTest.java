package dev.sluice.bootstrap.fault;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sluice in a process of its own, stopped under load by a signal. SIGTERM: it stops taking requests,
 * finishes those under way and writes every entry it accepted before it exits, so the SQLite file holds
 * at least one entry per 2xx a client got. SIGKILL: nothing runs at all; what is lost is at most what the
 * writer had not yet flushed (it writes whenever entries wait, and at least every flush interval), which is
 * bounded here by the 2xx answered in the last second before the kill.
 */
class ShutdownFaultTest {

    private static final String PATH = String.format(FaultClient.CHAT, "default");

    private static final int WARM_UP = 30;

    /** Requests one by one until the JVM is warm (the first ones load the tokenizer and compile the path); the 2xx count. */
    private static int warmUp(URI base) throws Exception {
        FaultClient client = new FaultClient(base);
        int ok = 0;
        for (int i = 0; i < WARM_UP; i++) {
            ok += client.send(client.post(PATH, FaultClient.prompt("warm" + i), Duration.ofSeconds(30))).statusCode() == 200
                    ? 1 : 0;
        }
        return ok;
    }

    private static Load load(URI base) {
        return new Load(base, 4, Duration.ofMillis(5), n -> Load.post(base, PATH, FaultClient.prompt("n" + n),
                "x-sluice-mock-latency-ms", n % 4 == 0 ? "300" : "20"));
    }

    @Test
    void sigtermUnderLoadLosesNoAcceptedEntry() throws Exception {
        try (SluiceProcess sluice = new SluiceProcess("sluice.logs.flush-interval=200ms")) {
            int warm = warmUp(sluice.uri());
            Load load = load(sluice.uri());
            long signalled;
            long exitMillis;
            int exit;
            try {
                Thread.sleep(3000);
                signalled = System.nanoTime();
                sluice.process().destroy();
                exit = sluice.awaitExit(Duration.ofSeconds(60));
                exitMillis = (System.nanoTime() - signalled) / 1_000_000;
            } finally {
                load.close();
            }
            long ok = warm + load.count(Load.Outcome::ok);
            long stored = sluice.storedEntries();
            System.out.printf("FAULT sigterm: %d requests %s; exit %d after %d ms; %d entries stored for %d 2xx answers%n",
                    load.outcomes().size(), load.summary(), exit, exitMillis, stored, ok);

            assertThat(ok - warm).as("2xx answers under load before the signal").isGreaterThan(20);
            assertThat(load.count(o -> o.status() >= 500)).as("5xx answers").isZero();
            assertThat(stored).as("entries in the SQLite file vs 2xx answers").isGreaterThanOrEqualTo(ok);
            assertThat(stored).as("no entry for a request never accepted")
                    .isLessThanOrEqualTo(WARM_UP + load.count(o -> o.status() > 0 || "IOException".equals(o.error())));
        }
    }

    @Test
    void sigkillUnderLoadLosesAtMostWhatTheWriterHadNotFlushed() throws Exception {
        try (SluiceProcess sluice = new SluiceProcess("sluice.logs.flush-interval=200ms")) {
            int warm = warmUp(sluice.uri());
            Load load = load(sluice.uri());
            long killed;
            try {
                Thread.sleep(3000);
                killed = System.nanoTime();
                sluice.process().destroyForcibly();
                sluice.awaitExit(Duration.ofSeconds(20));
            } finally {
                load.close();
            }
            List<Load.Outcome> answered = load.outcomes().stream().filter(o -> o.ok() && o.finishedNanos() < killed).toList();
            long ok = warm + load.count(Load.Outcome::ok);
            long lastSecond = answered.stream().filter(o -> killed - o.finishedNanos() < 1_000_000_000L).count();
            long stored = sluice.storedEntries();
            long lost = Math.max(0, ok - stored);
            System.out.printf("FAULT sigkill: %d requests %s; %d entries stored for %d 2xx answers: %d lost;"
                    + " %d answered in the last second before the kill%n",
                    load.outcomes().size(), load.summary(), stored, ok, lost, lastSecond);

            assertThat(ok - warm).as("2xx answers under load before the kill").isGreaterThan(20);
            assertThat(lost).as("entries lost: at most the answers of the last second (flush interval 200 ms)")
                    .isLessThanOrEqualTo(lastSecond);
        }
    }
}
