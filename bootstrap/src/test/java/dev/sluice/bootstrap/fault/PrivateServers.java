package dev.sluice.bootstrap.fault;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the fault tests need to start servers of their own: their binaries (a test without them is skipped
 * with the reason, or fails when {@code REQUIRE_TEST_SERVICES=true}, as CI sets it), free loopback ports,
 * and commands run to the end.
 */
final class PrivateServers {

    private PrivateServers() {
    }

    /** The binary, or the test is skipped (failed under {@code REQUIRE_TEST_SERVICES=true}). */
    static Path require(Optional<Path> binary, String missing) {
        if (binary.isPresent()) {
            return binary.get();
        }
        if (Boolean.parseBoolean(System.getenv("REQUIRE_TEST_SERVICES"))) {
            throw new IllegalStateException(missing + " (REQUIRE_TEST_SERVICES=true)");
        }
        Assumptions.abort(missing);
        throw new AssertionError("unreachable");
    }

    /** A file named {@code name} in the first of {@code directories} (globbed one level: {@code /usr/lib/postgresql/}*{@code /bin}) or on the PATH. */
    static Optional<Path> find(String name, String... directories) {
        List<Path> candidates = new ArrayList<>();
        for (String directory : directories) {
            Path path = Path.of(directory);
            if (path.getFileName().toString().equals("*") && Files.isDirectory(path.getParent())) {
                try (Stream<Path> children = Files.list(path.getParent())) {
                    children.sorted((a, b) -> b.compareTo(a)).forEach(child -> candidates.add(child.resolve(name)));
                } catch (IOException e) {
                    // not there
                }
            } else {
                candidates.add(path.resolve(name));
            }
        }
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!directory.isEmpty()) {
                candidates.add(Path.of(directory, name));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until something listens on {@code port}. */
    static void awaitListening(int port, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!accepts(port)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("nothing listens on port " + port + " after " + max);
            }
            Thread.sleep(50);
        }
    }

    /** Runs a command to its end (output to {@code log}); fails on a non-zero exit. */
    static void run(Path log, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("exit " + process.exitValue() + ": " + command + "\n" + Files.readString(log));
        }
    }
}
