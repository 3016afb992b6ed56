package dev.sluice.bootstrap.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of the test's own on a free loopback port, with nothing persisted, that the test
 * stops and starts again on the same port. Always {@link #close() closed} by the test.
 */
final class PrivateRedis implements AutoCloseable {

    private final Path binary;
    private final int port;
    private final Path log;
    private Process process;

    PrivateRedis() throws IOException {
        binary = PrivateServers.require(PrivateServers.find("redis-server", "/usr/bin", "/usr/local/bin"),
                "No redis-server binary: install redis-server to run the Redis fault test");
        port = PrivateServers.freePort();
        log = Files.createTempFile("sluice-fault-redis", ".log");
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(List.of(binary.toString(), "--port", String.valueOf(port), "--save", "",
                "--appendonly", "no", "--bind", "127.0.0.1"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        PrivateServers.awaitListening(port, Duration.ofSeconds(10));
    }

    /** Stops the server (SIGTERM; it saves nothing) and waits until it is gone. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
