package dev.sluice.bootstrap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sluice started as an operator starts it (its own process, the test's classpath, no SLUICE_ or MICRONAUT_ variables of
 * the test's environment) on a start it must refuse: it exits with 1, its output one ERROR and no stack trace.
 */
final class RefusedStart {

    private RefusedStart() {
    }

    /** @return the process's output, for what the one error must say */
    static String run(Path dataDir, String... properties) throws Exception {
        Process sluice = SluiceProcess.start(dataDir, properties);
        try {
            boolean stopped = sluice.waitFor(90, TimeUnit.SECONDS);
            String log = Files.readString(SluiceProcess.log(dataDir));
            assertThat(stopped).as("Sluice stopped:\n%s", log).isTrue();
            assertThat(sluice.exitValue()).as(log).isEqualTo(1);
            assertThat(log.lines().filter(line -> line.contains("ERROR"))).as(log).hasSize(1);
            assertThat(log).doesNotContain("\tat ").doesNotContain("Path Taken");
            return log;
        } finally {
            sluice.destroyForcibly();
        }
    }
}
