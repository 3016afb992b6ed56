package dev.sluice.adapters.store.redis;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Runs Lua scripts in Redis over some connection. {@link #run} sends a script by its SHA-1 ({@code EVALSHA}) and,
 * when Redis does not hold it yet, by its text ({@code EVAL}); it answers the script's reply as a list (a single
 * value is a list of one), integers as {@link Long}s, which is all the limit counters' scripts answer.
 */
public interface RedisScripts extends AutoCloseable {

    CompletionStage<Object> evalsha(String sha, byte[][] keys, byte[][] arguments);

    CompletionStage<Object> eval(String text, byte[][] keys, byte[][] arguments);

    /** Whether a failed {@link #evalsha} failed because Redis does not hold the script. */
    boolean noScript(Throwable cause);

    default CompletionStage<List<Object>> run(String sha, String text, byte[][] keys, byte[][] arguments) {
        return evalsha(sha, keys, arguments)
                .handle((result, error) -> error == null ? CompletableFuture.completedFuture(result)
                        : noScript(error instanceof CompletionException ? error.getCause() : error)
                        ? eval(text, keys, arguments) : CompletableFuture.failedFuture(error))
                .thenCompose(stage -> stage)
                .thenApply(RedisScripts::list);
    }

    /**
     * Opens the connections the scripts will run on, ahead of the first request, waiting up to {@code patience}
     * for each: done when they are ready, failed when one could not be made (it is tried again on use).
     */
    CompletionStage<Void> connect(Duration patience);

    /**
     * Has Redis hold a script ({@code SCRIPT LOAD}), so that the first {@link #evalsha} of it finds it, waiting
     * up to {@code patience} for the reply.
     */
    CompletionStage<Void> load(String text, Duration patience);

    /** Closes what the scripts' own connections hold; nothing by default. */
    @Override
    default void close() {
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object reply) {
        return reply instanceof List<?> values ? (List<Object>) values : Collections.singletonList(reply);
    }
}
