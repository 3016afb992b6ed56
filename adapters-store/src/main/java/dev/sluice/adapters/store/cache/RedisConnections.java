package dev.sluice.adapters.store.cache;

import dev.sluice.domain.error.Failures;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One shared Redis connection, made lazily and remade when it could not be made. Every command fails
 * fast rather than queueing while Redis is unreachable, and none waits longer than the timeout, so an
 * outage costs a request a miss, not its latency. A failed connection attempt is not retried for a
 * second, so an outage does not turn every request into a connection attempt.
 */
public final class RedisConnections implements AutoCloseable {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final RedisClient client;
    private final RedisURI uri;
    private final Duration timeout;
    private final Clock clock;
    private volatile CompletableFuture<StatefulRedisConnection<byte[], byte[]>> connection;
    private volatile Instant failedAt = Instant.MIN;

    public RedisConnections(String uri, Duration timeout, Clock clock) {
        this.uri = RedisURI.create(uri);
        this.uri.setTimeout(timeout);
        this.timeout = timeout;
        this.clock = clock;
        this.client = RedisClient.create();
        this.client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
    }

    public CompletionStage<RedisAsyncCommands<byte[], byte[]>> commands() {
        return connection().thenApply(StatefulRedisConnection::async);
    }

    /**
     * One {@code PING} over the shared connection (made first if it is not open), within the command timeout: what
     * {@code /health} asks. Never blocks; a Redis that is down fails it at once or after the timeout.
     */
    public CompletionStage<Void> ping() {
        return commands().thenCompose(RedisAsyncCommands::ping).thenApply(pong -> null);
    }

    RedisCommands<byte[], byte[]> sync() {
        try {
            return connection().get(timeout.toMillis(), TimeUnit.MILLISECONDS).sync();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new CompletionException(e.getCause() == null ? e : e.getCause());
        }
    }

    /**
     * Blocking: SCANs the keys matching {@code pattern} (a Redis glob) and UNLINKs them in batches. For management
     * work (a gateway's cache purged, its limit counters dropped), never a request's path.
     */
    public void unlinkMatching(String pattern) {
        RedisCommands<byte[], byte[]> commands = sync();
        ScanArgs match = ScanArgs.Builder.matches(pattern).limit(500);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<byte[]> page = commands.scan(cursor, match);
            if (!page.getKeys().isEmpty()) {
                commands.unlink(page.getKeys().toArray(new byte[0][]));
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    /**
     * Whether Redis refused the connection's own settings (a wrong password or user, a database number it does not
     * have): not an outage to ride out, but a URL to correct.
     */
    public static java.util.Optional<String> refusal(Throwable error) {
        // The deepest cause that says so: Redis's own reply, not a wrapper's copy of it prefixed with class names.
        java.util.Optional<String> found = java.util.Optional.empty();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (message.contains("NOAUTH") || message.contains("WRONGPASS") || message.contains("invalid password")
                    || message.contains("without any password configured") || message.contains("DB index is out of range")
                    || message.contains("invalid DB index")) {
                found = java.util.Optional.of(message);
            }
        }
        return found;
    }

    /** A failure described without the URI, which may carry a password. */
    public String describe(Throwable error) {
        Throwable cause = Failures.cause(error);
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message.replace(uri.toString(), "redis"));
    }

    private CompletableFuture<StatefulRedisConnection<byte[], byte[]>> connection() {
        CompletableFuture<StatefulRedisConnection<byte[], byte[]>> current = connection;
        if (current != null && (!current.isCompletedExceptionally() || !retryDue())) {
            return current;
        }
        synchronized (this) {
            if (connection == current) {
                connection = client.connectAsync(ByteArrayCodec.INSTANCE, uri).toCompletableFuture()
                        .whenComplete((made, error) -> {
                            if (error != null) {
                                failedAt = clock.instant();
                            }
                        });
            }
            return connection;
        }
    }

    private boolean retryDue() {
        return clock.instant().isAfter(failedAt.plus(RETRY_AFTER));
    }

    @Override
    public void close() {
        CompletableFuture<StatefulRedisConnection<byte[], byte[]>> current = connection;
        if (current != null && current.isDone() && !current.isCompletedExceptionally()) {
            current.join().close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
