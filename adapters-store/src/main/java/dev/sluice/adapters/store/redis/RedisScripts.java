package dev.sluice.adapters.store.redis;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Runs a Lua script in Redis by its SHA-1 ({@code EVALSHA}), sending its text ({@code EVAL}) when Redis does not
 * know it yet, and answers the script's reply as a list (a single value is a list of one); integers are
 * {@link Long}s, which is all the limit counters' scripts answer (strings come as each client decodes them).
 */
public interface RedisScripts extends AutoCloseable {

    CompletionStage<List<Object>> run(String sha, String text, byte[][] keys, byte[][] arguments);

    /** Closes what the scripts' own connections hold; nothing by default. */
    @Override
    default void close() {
    }
}
