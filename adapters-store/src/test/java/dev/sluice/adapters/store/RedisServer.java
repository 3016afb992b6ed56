package dev.sluice.adapters.store;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.containers.GenericContainer;

import java.util.Optional;

/**
 * A real Redis for the tests: {@code REDIS_URL} if set, else a Testcontainers server where Docker runs,
 * else the local server on 127.0.0.1:6379 (see {@link TestServices}).
 */
public final class RedisServer implements ExecutionCondition {

    private static volatile Optional<String> url;

    public static synchronized Optional<String> redisUrl() {
        if (url == null) {
            url = TestServices.find("REDIS_URL", () -> {
                GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
                container.start();
                return "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
            }, 6379, "redis://127.0.0.1:6379");
        }
        return url;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return TestServices.condition("Redis", redisUrl(),
                redisUrl().map(found -> found.replaceAll("//[^@/]*@", "//…@")).orElse(""),
                "No Redis: set REDIS_URL, run Docker, or start a local server on 127.0.0.1:6379");
    }
}
