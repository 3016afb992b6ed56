package dev.sluice.adapters.store.redis;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.redis.ArrayRedisMessage;
import io.netty.handler.codec.redis.ErrorRedisMessage;
import io.netty.handler.codec.redis.FullBulkStringRedisMessage;
import io.netty.handler.codec.redis.IntegerRedisMessage;
import io.netty.handler.codec.redis.RedisMessage;
import io.netty.handler.codec.redis.SimpleStringRedisMessage;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One command on its way to Redis and the future its reply completes: integers become {@link Long}, strings
 * {@link String}, arrays {@link List}, and an error reply fails the future with a {@link RedisReplyException}.
 * The timer, armed when the call is handed to its connection, fails it if no reply comes in time.
 */
final class RedisCall {

    final byte[][] command;
    final CompletableFuture<Object> result;
    /** The connection it was written on, once it was. */
    Channel on;
    private ScheduledFuture<?> timer;

    RedisCall(byte[][] command, CompletableFuture<Object> result) {
        this.command = command;
        this.result = result;
    }

    static RedisCall of(byte[]... command) {
        return new RedisCall(command, new CompletableFuture<>());
    }

    /** The command as RESP: an array of bulk strings (a fresh message each time, since writing releases it). */
    RedisMessage message() {
        List<RedisMessage> parts = new ArrayList<>(command.length);
        for (byte[] part : command) {
            parts.add(new FullBulkStringRedisMessage(Unpooled.wrappedBuffer(part)));
        }
        return new ArrayRedisMessage(parts);
    }

    void timeWith(ScheduledFuture<?> timer) {
        this.timer = timer;
    }

    /** Completes the call with the reply, and releases the reply. */
    void reply(RedisMessage reply) {
        try {
            Object value = value(reply);
            stopTimer();
            if (value instanceof RedisReplyException error) {
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        } catch (IllegalStateException unexpected) {
            fail(unexpected);
        } finally {
            ReferenceCountUtil.release(reply);
        }
    }

    /** Fails the call; false when it had already ended. */
    boolean fail(Throwable error) {
        stopTimer();
        return result.completeExceptionally(error);
    }

    private void stopTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    static Object value(RedisMessage reply) {
        if (reply instanceof IntegerRedisMessage integer) {
            return integer.value();
        }
        if (reply instanceof FullBulkStringRedisMessage bulk) {
            return bulk.isNull() ? null : bulk.content().toString(StandardCharsets.UTF_8);
        }
        if (reply instanceof ErrorRedisMessage error) {
            return new RedisReplyException(error.content());
        }
        if (reply instanceof SimpleStringRedisMessage simple) {
            return simple.content();
        }
        if (reply instanceof ArrayRedisMessage array) {
            if (array.isNull()) {
                return null;
            }
            List<Object> values = new ArrayList<>(array.children().size());
            for (RedisMessage child : array.children()) {
                values.add(value(child));
            }
            return values;
        }
        throw new IllegalStateException("An unexpected Redis reply: " + reply.getClass().getSimpleName());
    }
}
