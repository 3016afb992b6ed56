package dev.sluice.adapters.store.redis;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.redis.RedisArrayAggregator;
import io.netty.handler.codec.redis.RedisBulkStringAggregator;
import io.netty.handler.codec.redis.RedisDecoder;
import io.netty.handler.codec.redis.RedisEncoder;
import io.netty.handler.codec.redis.RedisMessage;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The connection of one event loop to Redis, touched only by that loop: commands are written and their replies
 * read on the thread that serves the requests asking, so a check costs a round trip and no thread hand-off.
 * Replies come in the order commands went out (RESP pipelining), so the calls in flight are a queue. The
 * connection is made on first use and again after it drops; commands sent while it is being made wait for it,
 * and a failed attempt fails them and is not retried for a second, so an outage is not a connection attempt per
 * request. Every call fails after the timeout if no reply came; its reply, should it arrive later, is dropped.
 */
final class RedisLink {

    private static final long RETRY_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final EventLoop loop;
    private final ChannelFactory<? extends Channel> channels;
    private final InetSocketAddress address;
    private final List<byte[][]> handshake;
    private final Duration timeout;
    private final ArrayDeque<RedisCall> inFlight = new ArrayDeque<>();
    private final List<RedisCall> waiting = new ArrayList<>();
    /** The connection, once made and greeted (password, database); until then calls wait. */
    private Channel channel;
    /** A connection made and being greeted. */
    private Channel opening;
    private boolean connecting;
    private Throwable lastFailure;
    private long failedAt;

    RedisLink(EventLoop loop, ChannelFactory<? extends Channel> channels, InetSocketAddress address,
              List<byte[][]> handshake, Duration timeout) {
        this.loop = loop;
        this.channels = channels;
        this.address = address;
        this.handshake = handshake;
        this.timeout = timeout;
    }

    EventLoop loop() {
        return loop;
    }

    /** Sends a call; on the link's loop only. */
    void send(RedisCall call) {
        call.timeWith(loop.schedule(() -> call.fail(new TimeoutException("Redis gave no reply within " + timeout)),
                timeout.toNanos(), TimeUnit.NANOSECONDS));
        if (channel != null) {
            write(call);
        } else if (connecting) {
            waiting.add(call);
        } else if (lastFailure != null && System.nanoTime() - failedAt < RETRY_AFTER_NANOS) {
            call.fail(lastFailure);
        } else {
            waiting.add(call);
            connect();
        }
    }

    private void write(RedisCall call) {
        inFlight.add(call);
        channel.writeAndFlush(call.message(), channel.voidPromise());
    }

    private void connect() {
        connecting = true;
        new Bootstrap().group(loop).channelFactory(channels)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel made) {
                        made.pipeline().addLast(new RedisEncoder(), new RedisDecoder(), new RedisBulkStringAggregator(),
                                new RedisArrayAggregator(), new Replies(made));
                    }
                })
                .connect(address).addListener((ChannelFuture attempt) -> connected(attempt));
    }

    private void connected(ChannelFuture attempt) {
        if (!attempt.isSuccess()) {
            failed(attempt.cause());
            return;
        }
        greet(attempt.channel(), 0);
    }

    /** Sends the handshake's commands one by one on the new connection, then the calls that waited for it. */
    private void greet(Channel made, int next) {
        opening = made;
        if (next == handshake.size()) {
            opening = null;
            connecting = false;
            lastFailure = null;
            channel = made;
            List<RedisCall> ready = new ArrayList<>(waiting);
            waiting.clear();
            ready.forEach(this::write);
            return;
        }
        RedisCall greeting = RedisCall.of(handshake.get(next));
        greeting.result.whenComplete((done, error) -> {
            if (error == null) {
                greet(made, next + 1);
            } else {
                opening = null;
                made.close();
                failed(error instanceof CompletionException ? error.getCause() : error);
            }
        });
        inFlight.add(greeting);
        made.writeAndFlush(greeting.message(), made.voidPromise());
    }

    /** The connection could not be made or was refused: fail what waited, and report it for a second. */
    private void failed(Throwable error) {
        connecting = false;
        lastFailure = error;
        failedAt = System.nanoTime();
        List<RedisCall> lost = new ArrayList<>(waiting);
        waiting.clear();
        lost.forEach(call -> call.fail(error));
    }

    void close() {
        if (channel != null) {
            channel.close();
        }
    }

    /** Reads one connection's replies; events of a connection already replaced are ignored. */
    private final class Replies extends ChannelInboundHandlerAdapter {

        private final Channel mine;

        Replies(Channel mine) {
            this.mine = mine;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            RedisCall call = mine == channel || mine == opening ? inFlight.poll() : null;
            if (call == null) {
                ReferenceCountUtil.release(message);
                return;
            }
            call.reply((RedisMessage) message);
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            if (mine == opening) {
                opening = null;
                failed(new IOException("The connection to Redis closed during its handshake"));
            } else if (mine == channel) {
                channel = null;
            } else {
                return;
            }
            IOException closed = new IOException("The connection to Redis closed");
            List<RedisCall> lost = new ArrayList<>(inFlight);
            inFlight.clear();
            lost.forEach(call -> call.fail(closed));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            context.close();
        }
    }
}
