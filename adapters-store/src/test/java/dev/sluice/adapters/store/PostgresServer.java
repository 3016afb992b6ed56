package dev.sluice.adapters.store;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;

/**
 * Finds a real PostgreSQL for the tests, deciding before any test starts: {@code JDBC_URL} if set, else
 * a Testcontainers server where Docker runs, else the local server on 127.0.0.1:5432. With none, the
 * tests are skipped with the reason, or fail when {@code REQUIRE_TEST_SERVICES=true} (as CI sets it).
 */
public final class PostgresServer implements ExecutionCondition {

    private static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static volatile Optional<String> url;

    public static synchronized Optional<String> jdbcUrl() {
        if (url == null) {
            url = resolve();
        }
        return url;
    }

    private static Optional<String> resolve() {
        String explicit = System.getenv("JDBC_URL");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(explicit);
        }
        if (dockerAvailable()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:16-alpine");
            container.start();
            return Optional.of(container.getJdbcUrl() + "&user=" + container.getUsername()
                    + "&password=" + container.getPassword());
        }
        return reachable("127.0.0.1", 5432) ? Optional.of(LOCAL) : Optional.empty();
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (jdbcUrl().isPresent()) {
            return ConditionEvaluationResult.enabled("PostgreSQL at " + jdbcUrl().get().replaceAll("password=[^&]*", "password=…"));
        }
        String reason = "No PostgreSQL: set JDBC_URL, run Docker, or start a local server on 127.0.0.1:5432";
        if (Boolean.parseBoolean(System.getenv("REQUIRE_TEST_SERVICES"))) {
            throw new IllegalStateException(reason + " (REQUIRE_TEST_SERVICES=true)");
        }
        return ConditionEvaluationResult.disabled(reason);
    }
}
