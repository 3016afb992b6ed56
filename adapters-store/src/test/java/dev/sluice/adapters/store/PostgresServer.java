package dev.sluice.adapters.store;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.containers.PostgreSQLContainer;

import java.util.Optional;

/**
 * A real PostgreSQL for the tests: {@code JDBC_URL} if set, else a Testcontainers server where Docker
 * runs, else the local server on 127.0.0.1:5432 (see {@link TestServices}).
 */
public final class PostgresServer implements ExecutionCondition {

    private static volatile Optional<String> url;

    public static synchronized Optional<String> jdbcUrl() {
        if (url == null) {
            url = TestServices.find("JDBC_URL", () -> {
                PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:16-alpine");
                container.start();
                return container.getJdbcUrl() + "&user=" + container.getUsername()
                        + "&password=" + container.getPassword();
            }, 5432, "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        }
        return url;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return TestServices.condition("PostgreSQL", jdbcUrl(),
                jdbcUrl().map(found -> found.replaceAll("password=[^&]*", "password=…")).orElse(""),
                "No PostgreSQL: set JDBC_URL, run Docker, or start a local server on 127.0.0.1:5432");
    }
}
