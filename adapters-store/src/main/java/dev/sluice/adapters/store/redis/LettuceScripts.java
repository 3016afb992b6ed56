package dev.sluice.adapters.store.redis;

import dev.sluice.adapters.store.cache.RedisConnections;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Scripts over Lettuce's one shared connection: usable from any thread, at the price of a hand-off to Lettuce's
 * I/O thread and back. The choice where the caller is not on a Netty event loop of the server (a Unix socket or
 * Sentinel URL, which {@link LoopLocalRedis} does not speak).
 */
public final class LettuceScripts implements RedisScripts {

    private final RedisConnections redis;

    public LettuceScripts(RedisConnections redis) {
        this.redis = redis;
    }

    @Override
    public CompletionStage<List<Object>> run(String sha, String text, byte[][] keys, byte[][] arguments) {
        return redis.commands().thenCompose(commands -> commands.<List<Object>>evalsha(sha, ScriptOutputType.MULTI,
                        keys, arguments)
                .handle((result, error) -> error == null ? CompletableFuture.completedFuture(result)
                        : noScript(error) ? commands.<List<Object>>eval(text, ScriptOutputType.MULTI, keys, arguments)
                        : CompletableFuture.<List<Object>>failedFuture(error))
                .thenCompose(stage -> stage));
    }

    private static boolean noScript(Throwable error) {
        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
        return cause instanceof RedisNoScriptException;
    }
}
