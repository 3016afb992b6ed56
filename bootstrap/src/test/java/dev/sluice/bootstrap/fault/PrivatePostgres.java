package dev.sluice.bootstrap.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the test's own ({@code initdb} + {@code pg_ctl}), on a free loopback port with its
 * socket in its own directory, that the test stops and starts again. PostgreSQL refuses to run as root, so
 * as root its commands run as {@code postgres} through {@code runuser}, in a directory that user owns.
 * Always {@link #close() closed} by the test: the cluster is stopped and its directory removed.
 */
final class PrivatePostgres implements AutoCloseable {

    private final Path bin;
    private final Path base;
    private final Path data;
    private final Path log;
    private final int port;
    private final boolean asRoot = "root".equals(System.getProperty("user.name"));
    private boolean initialised;

    PrivatePostgres() throws IOException, InterruptedException {
        bin = PrivateServers.require(PrivateServers.find("pg_ctl", "/usr/lib/postgresql/*/bin"),
                "No PostgreSQL binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin or on the PATH").getParent();
        base = Files.createTempDirectory("sluice-fault-pg");
        data = base.resolve("data");
        log = base.resolve("commands.log");
        port = PrivateServers.freePort();
        if (asRoot) {
            UserPrincipal postgres = base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(base, postgres);
        }
        Files.createFile(log);
        run("initdb", "-D", data.toString(), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync");
        initialised = true;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    void start() throws IOException, InterruptedException {
        run("pg_ctl", "-D", data.toString(), "-l", base.resolve("server.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + base + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
        PrivateServers.awaitListening(port, Duration.ofSeconds(10));
    }

    /** A fast shutdown: sessions are ended, as when an operator stops the database. */
    void stop() throws IOException, InterruptedException {
        run("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop");
    }

    /** The database refuses writes from now on (as when its disk is full) or accepts them again. */
    void refuseWrites(boolean refuse) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl());
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER SYSTEM SET default_transaction_read_only = " + (refuse ? "on" : "off"));
            statement.execute("SELECT pg_reload_conf()");
            // Sessions keep the setting they started with: end them, so every next write meets the new one.
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'");
        }
    }

    private void run(String command, String... arguments) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        if (asRoot) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.add(bin.resolve(command).toString());
        line.addAll(List.of(arguments));
        PrivateServers.run(log, line);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (initialised && Files.exists(data.resolve("postmaster.pid"))) {
                run("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
            }
        } finally {
            try (Stream<Path> files = Files.walk(base)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
