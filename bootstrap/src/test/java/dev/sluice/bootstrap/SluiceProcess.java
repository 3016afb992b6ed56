package dev.sluice.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sluice started as an operator starts it: its own process, the test's classpath, no SLUICE_ or MICRONAUT_ variables of
 * the test's environment, a random port, its output in {@code sluice.log} in its data directory.
 */
final class SluiceProcess {

    private static final Pattern PORT = Pattern.compile("Server Running: http://[^:]+:(\\d+)");

    private SluiceProcess() {
    }

    /** Starts Sluice with these system properties ({@code name=value}). */
    static Process start(Path dataDir, String... properties) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-Dmicronaut.server.port=-1", "-Dsluice.data-dir=" + dataDir));
        for (String property : properties) {
            command.add("-D" + property);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Application.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(dataDir).toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SLUICE_") || name.startsWith("MICRONAUT_"));
        return builder.start();
    }

    static Path log(Path dataDir) {
        return dataDir.resolve("sluice.log");
    }

    /** The log entries in the embedded file of {@code dataDir}, each as "status success", by status. */
    static List<String> loggedEntries(Path dataDir) throws java.sql.SQLException {
        List<String> entries = new ArrayList<>();
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:"
                + dataDir.resolve("logs.db").toAbsolutePath());
             java.sql.ResultSet logged = db.createStatement().executeQuery(
                     "select status_code, success from logs order by status_code")) {
            while (logged.next()) {
                entries.add(logged.getInt(1) + " " + logged.getBoolean(2));
            }
        }
        return entries;
    }

    /** The port the process listens on, once it has started. */
    static int port(Path dataDir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            Matcher running = PORT.matcher(Files.exists(log(dataDir)) ? Files.readString(log(dataDir)) : "");
            if (running.find()) {
                return Integer.parseInt(running.group(1));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Sluice did not start: " + Files.readString(log(dataDir)));
    }
}
