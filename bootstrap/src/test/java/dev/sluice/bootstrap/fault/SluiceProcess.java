package dev.sluice.bootstrap.fault;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sluice as an operator runs it: a JVM of its own ({@code java -cp <this JVM's class path>
 * dev.sluice.bootstrap.Application}) with its own data directory and port, so the test can send it a real
 * SIGTERM ({@link Process#destroy()}) or SIGKILL ({@link Process#destroyForcibly()}). Always
 * {@link #close() closed} by the test.
 */
final class SluiceProcess implements AutoCloseable {

    private final Process process;
    private final Path dataDir;
    private final int port;

    SluiceProcess(String... properties) throws IOException, InterruptedException {
        dataDir = Files.createTempDirectory("sluice-fault-process");
        port = PrivateServers.freePort();
        String classPath = System.getProperty("java.class.path");
        if (classPath.split(File.pathSeparator).length < 3) {
            throw new IllegalStateException("the test JVM's class path is not the module's: " + classPath);
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dmicronaut.server.port=" + port,
                "-Dsluice.data-dir=" + dataDir,
                "-Dsluice.admin-token=" + FaultClient.ADMIN));
        for (String property : properties) {
            command.add("-D" + property);
        }
        command.addAll(List.of("-cp", classPath, "dev.sluice.bootstrap.Application"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("sluice.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SLUICE_") || name.startsWith("MICRONAUT_"));
        process = builder.start();
        awaitHealthy(Duration.ofSeconds(90));
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    Process process() {
        return process;
    }

    private void awaitHealthy(Duration max) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Sluice exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<Void> health = http.send(HttpRequest.newBuilder(uri().resolve("/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Sluice not healthy after " + max + ":\n" + log());
    }

    /** Waits for the process to end after a signal; its exit code. */
    int awaitExit(Duration max) throws InterruptedException {
        if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("Sluice still running " + max + " after the signal");
        }
        return process.exitValue();
    }

    /** The log entries in the SQLite file, read as any tool would once Sluice is gone. */
    long storedEntries() throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("logs.db").toAbsolutePath());
             ResultSet count = db.createStatement().executeQuery("select count(*) from logs")) {
            count.next();
            return count.getLong(1);
        }
    }

    String log() throws IOException {
        return Files.readString(dataDir.resolve("sluice.log"));
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }
}
