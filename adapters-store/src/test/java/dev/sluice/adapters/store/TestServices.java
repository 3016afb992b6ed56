package dev.sluice.adapters.store;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.testcontainers.DockerClientFactory;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How the tests find a real service (PostgreSQL, Redis), decided before any test starts: the explicit
 * setting if there is one, else a Testcontainers server where Docker runs, else the local server.
 * With none, tests are skipped with the reason, or fail when {@code REQUIRE_TEST_SERVICES=true}.
 */
final class TestServices {

    private TestServices() {
    }

    static Optional<String> find(String environmentVariable, Supplier<String> container, int localPort,
                                 String localUrl) {
        String explicit = System.getenv(environmentVariable);
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(explicit);
        }
        if (dockerAvailable()) {
            return Optional.of(container.get());
        }
        return reachable(localPort) ? Optional.of(localUrl) : Optional.empty();
    }

    static ConditionEvaluationResult condition(String service, Optional<String> url, String redacted, String missing) {
        if (url.isPresent()) {
            return ConditionEvaluationResult.enabled(service + " at " + redacted);
        }
        if (Boolean.parseBoolean(System.getenv("REQUIRE_TEST_SERVICES"))) {
            throw new IllegalStateException(missing + " (REQUIRE_TEST_SERVICES=true)");
        }
        return ConditionEvaluationResult.disabled(missing);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean reachable(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
