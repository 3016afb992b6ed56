package dev.sluice.adapters.store.redis;

import dev.sluice.adapters.store.cache.RedisConnections;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
    public CompletionStage<Object> evalsha(String sha, byte[][] keys, byte[][] arguments) {
        return redis.commands().thenCompose(commands -> commands.evalsha(sha, ScriptOutputType.MULTI, keys, arguments));
    }

    @Override
    public CompletionStage<Object> eval(String text, byte[][] keys, byte[][] arguments) {
        return redis.commands().thenCompose(commands -> commands.eval(text, ScriptOutputType.MULTI, keys, arguments));
    }

    @Override
    public boolean noScript(Throwable cause) {
        return cause instanceof RedisNoScriptException;
    }

    /** The shared connection, made within Lettuce's own connect timeout (the {@code patience} is not used). */
    @Override
    public CompletionStage<Void> connect(Duration patience) {
        return redis.commands().thenApply(commands -> null);
    }

    /** Within Lettuce's own command timeout (the {@code patience} is not used). */
    @Override
    public CompletionStage<Void> load(String text, Duration patience) {
        return redis.commands().thenCompose(commands -> commands.scriptLoad(text.getBytes(StandardCharsets.UTF_8)))
                .thenApply(sha -> null);
    }
}
