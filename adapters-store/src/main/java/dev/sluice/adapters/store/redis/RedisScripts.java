package dev.sluice.adapters.store.redis;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Runs a Lua script in Redis by its SHA-1 ({@code EVALSHA}), sending its text ({@code EVAL}) when Redis does not
 * know it yet, and answers the script's reply as a list: integers as {@link Long}, strings as {@link String}.
 */
public interface RedisScripts extends AutoCloseable {

    CompletionStage<List<Object>> run(String sha, String text, byte[][] keys, byte[][] arguments);

    /** Closes what the scripts' own connections hold; nothing by default. */
    @Override
    default void close() {
    }
}
