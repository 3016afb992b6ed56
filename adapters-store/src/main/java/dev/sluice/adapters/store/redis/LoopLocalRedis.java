package dev.sluice.adapters.store.redis;

import io.lettuce.core.RedisURI;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

/**
 * Redis on the server's own event loops: one connection per loop ({@link RedisLink}), made on that loop with the
 * loop's own transport. A command sent from a loop is written on that loop's connection at once, and its reply
 * is read, and the caller's continuation run, on the same thread: the request never changes threads. Lettuce's
 * shared connection costs two hand-offs a command (to its I/O thread and back), which on two cores measured
 * four to six round trips' worth. A command sent from any other thread goes to one of the loops, in turn.
 * Speaks plain TCP with an optional password and database; a Unix socket, TLS or Sentinel URL stays on Lettuce
 * ({@link #speaks}).
 */
public final class LoopLocalRedis implements RedisScripts, AutoCloseable {

    private static final byte[] EVALSHA = bytes("EVALSHA");
    private static final byte[] EVAL = bytes("EVAL");
    private static final byte[] PING = bytes("PING");

    private final EventLoopGroup group;
    private final Map<EventExecutor, RedisLink> links;

    public LoopLocalRedis(String uri, Duration timeout, EventLoopGroup group, ChannelFactory<? extends Channel> channels) {
        RedisURI parsed = RedisURI.create(uri);
        if (!speaks(uri)) {
            throw new IllegalArgumentException("Only redis:// URLs run on the event loops");
        }
        List<byte[][]> handshake = handshake(parsed);
        Map<EventExecutor, RedisLink> made = new IdentityHashMap<>();
        for (EventExecutor executor : group) {
            if (executor instanceof EventLoop loop) {
                made.put(loop, new RedisLink(loop, channels, parsed.getHost(), parsed.getPort(), handshake, timeout));
            }
        }
        this.group = group;
        this.links = made;
    }

    /** Whether this client speaks the URL: plain TCP, no TLS, no Unix socket, no Sentinel. */
    public static boolean speaks(String uri) {
        RedisURI parsed = RedisURI.create(uri);
        return parsed.getSocket() == null && parsed.getSentinels().isEmpty() && !parsed.isSsl()
                && parsed.getHost() != null;
    }

    @Override
    public CompletionStage<Object> evalsha(String sha, byte[][] keys, byte[][] arguments) {
        return send(script(EVALSHA, bytes(sha), keys, arguments));
    }

    @Override
    public CompletionStage<Object> eval(String text, byte[][] keys, byte[][] arguments) {
        return send(script(EVAL, bytes(text), keys, arguments));
    }

    @Override
    public boolean noScript(Throwable cause) {
        return cause instanceof RedisReplyException reply && reply.noScript();
    }

    /**
     * Connects every loop's link (a {@code PING} on each, on its loop, given {@code patience} rather than a
     * request's timeout), so that the first requests after start find them open: a burst arriving while they
     * connect would wait for the connection within its timeout, and on a busy process that wait can run out,
     * letting checks through under {@code on_store_failure}.
     */
    @Override
    public CompletionStage<Void> connect(Duration patience) {
        List<CompletableFuture<Object>> pings = new ArrayList<>();
        for (RedisLink link : links.values()) {
            RedisCall ping = RedisCall.of(PING);
            pings.add(ping.result);
            onLoop(link, ping, () -> link.warm(ping, patience));
        }
        return CompletableFuture.allOf(pings.toArray(CompletableFuture[]::new));
    }

    /** Loads a script over one of the loops' connections (Redis holds scripts for every connection). */
    @Override
    public CompletionStage<Void> load(String text, Duration patience) {
        RedisCall call = RedisCall.of(bytes("SCRIPT"), bytes("LOAD"), bytes(text));
        RedisLink link = links.values().iterator().next();
        onLoop(link, call, () -> link.send(call, patience));
        return call.result.thenApply(sha -> null);
    }

    /** Sends one command on the caller's loop, or on the next loop when the caller is not one of them. */
    public CompletableFuture<Object> send(byte[]... command) {
        RedisCall call = RedisCall.of(command);
        RedisLink here = links.get(ThreadExecutorMap.currentExecutor());
        if (here != null) {
            here.send(call);
            return call.result;
        }
        EventExecutor next = group.next();
        RedisLink there = links.get(next);
        if (there == null) {
            call.fail(new IllegalStateException("The event loop group has no loop of its own for Redis"));
            return call.result;
        }
        onLoop(there, call, () -> there.send(call));
        return call.result;
    }

    /** Runs {@code sending} on the link's loop; a loop that is stopping fails the call instead. */
    private static void onLoop(RedisLink link, RedisCall call, Runnable sending) {
        try {
            link.loop().execute(sending);
        } catch (RejectedExecutionException e) {
            call.fail(e);
        }
    }

    @Override
    public void close() {
        for (RedisLink link : links.values()) {
            try {
                link.loop().execute(link::close);
            } catch (RejectedExecutionException e) {
                // the loop is already stopping, and its connections with it
            }
        }
    }

    private static List<byte[][]> handshake(RedisURI uri) {
        List<byte[][]> commands = new ArrayList<>();
        if (uri.getPassword() != null && uri.getPassword().length > 0) {
            byte[] password = new String(uri.getPassword()).getBytes(StandardCharsets.UTF_8);
            commands.add(uri.getUsername() == null ? new byte[][] {bytes("AUTH"), password}
                    : new byte[][] {bytes("AUTH"), bytes(uri.getUsername()), password});
        }
        if (uri.getDatabase() != 0) {
            commands.add(new byte[][] {bytes("SELECT"), bytes(Integer.toString(uri.getDatabase()))});
        }
        return List.copyOf(commands);
    }

    private static byte[][] script(byte[] verb, byte[] script, byte[][] keys, byte[][] arguments) {
        byte[][] command = new byte[3 + keys.length + arguments.length][];
        command[0] = verb;
        command[1] = script;
        command[2] = bytes(Integer.toString(keys.length));
        System.arraycopy(keys, 0, command, 3, keys.length);
        System.arraycopy(arguments, 0, command, 3 + keys.length, arguments.length);
        return command;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
