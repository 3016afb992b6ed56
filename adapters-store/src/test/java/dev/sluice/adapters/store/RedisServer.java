package dev.sluice.adapters.store;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;

/**
 * Finds a real Redis for the tests, deciding before any test starts: {@code REDIS_URL} if set, else a
 * Testcontainers server where Docker runs, else the local server on 127.0.0.1:6379. With none, the tests
 * are skipped with the reason, or fail when {@code REQUIRE_TEST_SERVICES=true} (as CI sets it).
 */
public final class RedisServer implements ExecutionCondition {

    private static final String LOCAL = "redis://127.0.0.1:6379";
    private static volatile Optional<String> url;

    public static synchronized Optional<String> redisUrl() {
        if (url == null) {
            url = resolve();
        }
        return url;
    }

    private static Optional<String> resolve() {
        String explicit = System.getenv("REDIS_URL");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(explicit);
        }
        if (dockerAvailable()) {
            GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
            container.start();
            return Optional.of("redis://" + container.getHost() + ":" + container.getMappedPort(6379));
        }
        return reachable() ? Optional.of(LOCAL) : Optional.empty();
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean reachable() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 6379), 500);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (redisUrl().isPresent()) {
            return ConditionEvaluationResult.enabled("Redis at " + redisUrl().get().replaceAll("//[^@/]*@", "//…@"));
        }
        String reason = "No Redis: set REDIS_URL, run Docker, or start a local server on 127.0.0.1:6379";
        if (Boolean.parseBoolean(System.getenv("REQUIRE_TEST_SERVICES"))) {
            throw new IllegalStateException(reason + " (REQUIRE_TEST_SERVICES=true)");
        }
        return ConditionEvaluationResult.disabled(reason);
    }
}
