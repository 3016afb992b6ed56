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
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The connection of one event loop to Redis, touched only by that loop: commands are written and their replies
 * read on the thread that serves the requests asking, so a check costs a round trip and no thread hand-off.
 * Replies come in the order commands went out (RESP pipelining), so each connection's calls in flight are a
 * queue of its own. The connection is made on first use (a host name is looked up off the loop) and again after
 * it drops; calls sent meanwhile wait for it and its handshake, and a failed attempt fails them and is not
 * retried for a second, so an outage is not a connection attempt per request. Every call, the handshake's
 * included, fails after the timeout if no reply came (a connection opened at start-up, {@link #warm}, is given
 * longer), and a connection that let a reply wait that long is closed: what else it had in flight fails at once
 * rather than piling up behind a dead peer.
 */
final class RedisLink {

    private static final long RETRY_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final EventLoop loop;
    private final ChannelFactory<? extends Channel> channels;
    private final String host;
    private final int port;
    private final List<byte[][]> handshake;
    private final Duration timeout;
    private final List<RedisCall> waiting = new ArrayList<>();
    /** The connection taking calls: made and greeted (password, database). */
    private Connection ready;
    /** A connection being looked up, made or greeted; calls wait while there is one. */
    private Connection opening;
    private boolean closed;
    private Throwable lastFailure;
    private long failedAt;

    RedisLink(EventLoop loop, ChannelFactory<? extends Channel> channels, String host, int port,
              List<byte[][]> handshake, Duration timeout) {
        this.loop = loop;
        this.channels = channels;
        this.host = host;
        this.port = port;
        this.handshake = handshake;
        this.timeout = timeout;
    }

    EventLoop loop() {
        return loop;
    }

    /** Sends a call, which fails after the link's timeout; on the link's loop only. */
    void send(RedisCall call) {
        send(call, timeout);
    }

    /**
     * Sends a call that may wait up to {@code patience} for its reply, and connects now even if the last attempt
     * failed less than a second ago: how the links are opened at start-up, when a busy process may take longer
     * than a request's timeout to connect. On the link's loop only.
     */
    void warm(RedisCall call, Duration patience) {
        lastFailure = null;
        send(call, patience);
    }

    /** Sends a call that fails after {@code wait}; a connection it has to make may take as long. On the loop only. */
    void send(RedisCall call, Duration wait) {
        if (closed) {
            call.fail(new IllegalStateException("The Redis client is closed"));
        } else if (!arm(call, wait)) {
            return;
        } else if (ready != null) {
            ready.write(call);
        } else if (opening != null) {
            waiting.add(call);
        } else if (lastFailure != null && System.nanoTime() - failedAt < RETRY_AFTER_NANOS) {
            call.fail(lastFailure);
        } else {
            waiting.add(call);
            connect(wait);
        }
    }

    private boolean arm(RedisCall call, Duration wait) {
        try {
            call.timeWith(loop.schedule(() -> timedOut(call, wait), wait.toNanos(), TimeUnit.NANOSECONDS));
            return true;
        } catch (RejectedExecutionException e) {
            call.fail(e);
            return false;
        }
    }

    private void timedOut(RedisCall call, Duration wait) {
        if (call.fail(new TimeoutException("Redis gave no reply within " + wait)) && call.on != null) {
            if (ready != null && ready.channel == call.on) {
                ready = null; // calls from now on go to a new connection, not to this one as it closes
            }
            call.on.close();
        }
    }

    private void connect(Duration within) {
        Connection made = new Connection(within);
        opening = made;
        if (NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)) {
            connect(made, new InetSocketAddress(host, port));
            return;
        }
        GlobalEventExecutor.INSTANCE.execute(() -> {
            InetSocketAddress address = null;
            UnknownHostException unknown = null;
            try {
                address = new InetSocketAddress(InetAddress.getByName(host), port);
            } catch (UnknownHostException e) {
                unknown = e;
            }
            InetSocketAddress found = address;
            UnknownHostException failure = unknown;
            onLoop(() -> {
                if (found != null) {
                    connect(made, found);
                } else {
                    failed(made, failure);
                }
            });
        });
    }

    private void connect(Connection made, InetSocketAddress address) {
        if (closed) {
            failed(made, new IllegalStateException("The Redis client is closed"));
            return;
        }
        new Bootstrap().group(loop).channelFactory(channels)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, made.within.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        made.channel = channel;
                        channel.pipeline().addLast(new RedisEncoder(), new RedisDecoder(),
                                new RedisBulkStringAggregator(), new RedisArrayAggregator(), made);
                    }
                })
                .connect(address)
                // A channel that could not even be opened is reported on Netty's global thread.
                .addListener((ChannelFuture attempt) -> onLoop(() -> connected(made, attempt)));
    }

    private void connected(Connection made, ChannelFuture attempt) {
        if (!attempt.isSuccess()) {
            failed(made, attempt.cause());
        } else if (closed) {
            attempt.channel().close();
            failed(made, new IllegalStateException("The Redis client is closed"));
        } else {
            greet(made, 0);
        }
    }

    /** Sends the handshake's commands one by one on the new connection, then the calls that waited for it. */
    private void greet(Connection made, int next) {
        if (next == handshake.size()) {
            opening = null;
            lastFailure = null;
            ready = made;
            List<RedisCall> held = new ArrayList<>(waiting);
            waiting.clear();
            for (RedisCall call : held) {
                if (!call.result.isDone()) {
                    made.write(call);
                }
            }
            return;
        }
        RedisCall greeting = RedisCall.of(handshake.get(next));
        greeting.result.whenComplete((done, error) -> {
            if (error == null) {
                greet(made, next + 1);
            } else {
                made.channel.close();
                failed(made, error instanceof CompletionException ? error.getCause() : error);
            }
        });
        if (arm(greeting, made.within)) {
            made.write(greeting);
        }
    }

    /** A connection could not be made or was refused: fail what waited, and report it for a second. */
    private void failed(Connection made, Throwable error) {
        if (opening != made) {
            return;
        }
        opening = null;
        lastFailure = error;
        failedAt = System.nanoTime();
        failEach(waiting, error);
    }

    void close() {
        closed = true;
        for (Connection connection : new Connection[] {ready, opening}) {
            if (connection != null && connection.channel != null) {
                connection.channel.close();
            }
        }
        failEach(waiting, new IllegalStateException("The Redis client is closed"));
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // the loop is stopping, and its connections and calls with it
        }
    }

    private static void failEach(Collection<RedisCall> calls, Throwable error) {
        List<RedisCall> failing = new ArrayList<>(calls);
        calls.clear();
        failing.forEach(call -> call.fail(error));
    }

    /** One connection: its calls in flight, in the order they were written, matched to its replies. */
    private final class Connection extends ChannelInboundHandlerAdapter {

        private final ArrayDeque<RedisCall> inFlight = new ArrayDeque<>();
        private Channel channel;
        /** How long making it and its handshake may take: the wait of the call that asked for it. */
        private final Duration within;

        Connection(Duration within) {
            this.within = within;
        }

        void write(RedisCall call) {
            call.on = channel;
            inFlight.add(call);
            channel.writeAndFlush(call.message(), channel.voidPromise());
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            RedisCall call = inFlight.poll();
            if (call == null) {
                ReferenceCountUtil.release(message);
                context.close();
                return;
            }
            call.reply((RedisMessage) message);
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            if (ready == this) {
                ready = null;
            }
            failEach(inFlight, new IOException("The connection to Redis closed"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            context.close();
        }
    }
}
