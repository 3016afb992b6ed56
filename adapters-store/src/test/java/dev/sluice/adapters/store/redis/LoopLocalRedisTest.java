package dev.sluice.adapters.store.redis;

import dev.sluice.adapters.store.RedisServer;
import dev.sluice.adapters.store.TcpPassage;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(RedisServer.class)
class LoopLocalRedisTest {

    private static final String COUNT = "return {redis.call('INCRBY', KEYS[1], ARGV[1])}";

    private static EventLoopGroup loops;
    private static String url;

    @BeforeAll
    static void start() {
        loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        url = RedisServer.redisUrl().orElseThrow();
    }

    @AfterAll
    static void stop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static LoopLocalRedis redis(String at, Duration timeout) {
        return new LoopLocalRedis(at, timeout, loops, NioSocketChannel::new);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The SHA-1 of {@link #COUNT}, after Redis was made to forget every script. */
    private static String countShaWithNoScriptsHeld(LoopLocalRedis redis) throws Exception {
        redis.send(bytes("SCRIPT"), bytes("FLUSH")).get(5, TimeUnit.SECONDS);
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(bytes(COUNT)));
    }

    /** Runs {@code command} on {@code loop} and answers the reply with the thread that saw it. */
    private static CompletableFuture<List<Object>> onLoop(EventLoop loop, LoopLocalRedis redis, String... command) {
        CompletableFuture<List<Object>> seen = new CompletableFuture<>();
        byte[][] parts = new byte[command.length][];
        for (int i = 0; i < command.length; i++) {
            parts[i] = bytes(command[i]);
        }
        loop.execute(() -> redis.send(parts).whenComplete((reply, error) -> {
            if (error != null) {
                seen.completeExceptionally(error);
            } else {
                seen.complete(List.of(reply, Thread.currentThread().getName()));
            }
        }));
        return seen;
    }

    @Test
    void aCommandFromAnEventLoopIsAnsweredOnThatLoopOverItsOwnConnection() throws Exception {
        try (LoopLocalRedis redis = redis(url, Duration.ofSeconds(2))) {
            EventLoop first = loops.next();
            EventLoop second = loops.next();
            String firstThread = first.submit(() -> Thread.currentThread().getName()).get();
            List<Object> a = onLoop(first, redis, "CLIENT", "ID").get(5, TimeUnit.SECONDS);
            List<Object> b = onLoop(first, redis, "CLIENT", "ID").get(5, TimeUnit.SECONDS);
            List<Object> c = onLoop(second, redis, "CLIENT", "ID").get(5, TimeUnit.SECONDS);
            assertThat(a.get(1)).as("the reply is handled on the loop that asked").isEqualTo(firstThread);
            assertThat(b.get(0)).as("one connection per loop, kept").isEqualTo(a.get(0));
            assertThat(c.get(0)).as("another loop, another connection").isNotEqualTo(a.get(0));
        }
    }

    /**
     * Redis numbers its connections in the order they are made, so a connection made by {@link LoopLocalRedis#connect}
     * has a lower id than one made afterwards (the marker, on a client of its own), and each loop's first command
     * then runs on it; without connect the first command would have made it, after the marker.
     */
    @Test
    void connectOpensEveryLoopsConnectionBeforeItsFirstCommand() throws Exception {
        try (LoopLocalRedis redis = redis(url, Duration.ofSeconds(2));
             LoopLocalRedis marker = redis(url, Duration.ofSeconds(2))) {
            redis.connect(Duration.ofSeconds(2)).toCompletableFuture().get(5, TimeUnit.SECONDS);
            long made = (Long) marker.send(bytes("CLIENT"), bytes("ID")).get(5, TimeUnit.SECONDS);
            for (int i = 0; i < 2; i++) {
                long used = (Long) onLoop(loops.next(), redis, "CLIENT", "ID").get(5, TimeUnit.SECONDS).get(0);
                assertThat(used).as("loop %d's connection was open before the marker's", i).isLessThan(made);
            }
        }
    }

    /**
     * A request right after a failed attempt fails at once for a second (an outage is not an attempt per
     * request), but warming up at start-up connects now: a Redis that came up a moment later is taken.
     */
    @Test
    void connectTriesAgainAtOnceAfterAFailedAttempt() throws Exception {
        URI redisAt = URI.create(url);
        try (TcpPassage passage = new TcpPassage(redisAt.getHost(), redisAt.getPort());
             LoopLocalRedis redis = redis("redis://127.0.0.1:" + passage.port(), Duration.ofMillis(500))) {
            EventLoop loop = loops.next();
            passage.cut();
            assertThatThrownBy(() -> onLoop(loop, redis, "PING").get(5, TimeUnit.SECONDS))
                    .hasMessageContaining("Connection refused");
            passage.restore();
            redis.connect(Duration.ofSeconds(2)).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(onLoop(loop, redis, "PING").get(5, TimeUnit.SECONDS).get(0)).isEqualTo("PONG");
        }
    }

    @Test
    void aScriptRedisDoesNotHoldIsSentByItsText() throws Exception {
        try (LoopLocalRedis redis = redis(url, Duration.ofSeconds(2))) {
            String key = "sluice:test:" + UUID.randomUUID();
            String sha = countShaWithNoScriptsHeld(redis);
            assertThat(redis.run(sha, COUNT, new byte[][] {bytes(key)}, new byte[][] {bytes("2")})
                    .toCompletableFuture().get(5, TimeUnit.SECONDS)).as("EVAL ran it after NOSCRIPT").containsExactly(2L);
            assertThat(redis.send(bytes("EVALSHA"), bytes(sha), bytes("1"), bytes(key), bytes("3"))
                    .get(5, TimeUnit.SECONDS)).as("and Redis now holds it").isEqualTo(List.of(5L));
            redis.send(bytes("DEL"), bytes(key)).get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLoadedScriptRunsByItsShaAlone() throws Exception {
        try (LoopLocalRedis redis = redis(url, Duration.ofSeconds(2))) {
            String key = "sluice:test:" + UUID.randomUUID();
            String sha = countShaWithNoScriptsHeld(redis);
            redis.load(COUNT, Duration.ofSeconds(2)).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(redis.send(bytes("EVALSHA"), bytes(sha), bytes("1"), bytes(key), bytes("4"))
                    .get(5, TimeUnit.SECONDS)).isEqualTo(List.of(4L));
            redis.send(bytes("DEL"), bytes(key)).get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void anErrorReplyFailsTheCallAndTheConnectionGoesOn() throws Exception {
        try (LoopLocalRedis redis = redis(url, Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> redis.send(bytes("NOSUCHCOMMAND")).get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(RedisReplyException.class)
                    .hasMessageContaining("unknown command");
            assertThat(redis.send(bytes("PING")).get(5, TimeUnit.SECONDS)).isEqualTo("PONG");
        }
    }

    @Test
    void aDroppedConnectionFailsWhatWasInFlightAndIsMadeAgain() throws Exception {
        try (LoopLocalRedis redis = redis(url, Duration.ofSeconds(5))) {
            EventLoop loop = loops.next();
            Object id = onLoop(loop, redis, "CLIENT", "ID").get(5, TimeUnit.SECONDS).get(0);
            CompletableFuture<List<Object>> waiting = onLoop(loop, redis, "BLPOP", "sluice:test:" + UUID.randomUUID(), "4");
            Thread.sleep(200);
            onLoop(loops.next(), redis, "CLIENT", "KILL", "ID", id.toString()).get(5, TimeUnit.SECONDS);
            assertThatThrownBy(() -> waiting.get(2, TimeUnit.SECONDS)).as("the blocked command fails at once")
                    .hasCauseInstanceOf(IOException.class);
            Object again = onLoop(loop, redis, "CLIENT", "ID").get(5, TimeUnit.SECONDS).get(0);
            assertThat(again).as("a new connection").isNotEqualTo(id);
        }
    }

    @Test
    void aConnectionThatLetsAReplyWaitPastTheTimeoutIsReplaced() throws Exception {
        try (LoopLocalRedis redis = redis(url, Duration.ofMillis(300))) {
            EventLoop loop = loops.next();
            Object id = onLoop(loop, redis, "CLIENT", "ID").get(5, TimeUnit.SECONDS).get(0);
            assertThatThrownBy(() -> onLoop(loop, redis, "BLPOP", "sluice:test:" + UUID.randomUUID(), "2")
                    .get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);
            Object again = onLoop(loop, redis, "CLIENT", "ID").get(5, TimeUnit.SECONDS).get(0);
            assertThat(again).as("not queued behind the late reply: a new connection").isNotEqualTo(id);
        }
    }

    @Test
    void anUnreachableRedisIsNotRetriedForASecond() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (LoopLocalRedis redis = redis("redis://127.0.0.1:" + port, Duration.ofMillis(500))) {
            EventLoop loop = loops.next();
            assertThatThrownBy(() -> onLoop(loop, redis, "PING").get(5, TimeUnit.SECONDS))
                    .hasMessageContaining("Connection refused");
            try (ServerSocket listening = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
                assertThatThrownBy(() -> onLoop(loop, redis, "PING").get(5, TimeUnit.SECONDS))
                        .as("the failure is remembered, not retried at once")
                        .hasMessageContaining("Connection refused");
            }
        }
    }

    @Test
    void aRedisThatNeverAnswersTimesTheCallOutAndLosesTheConnection() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             LoopLocalRedis redis = redis("redis://127.0.0.1:" + silent.getLocalPort(), Duration.ofMillis(300))) {
            CompletableFuture<Object> ping = redis.send(bytes("PING"));
            assertThat(closedByTheClient(silent)).as("the connection is closed after the timeout").isTrue();
            assertThatThrownBy(() -> ping.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void aHandshakeThatIsNeverAnsweredTimesOutAndLosesTheConnection() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             LoopLocalRedis redis = redis("redis://:secret@127.0.0.1:" + silent.getLocalPort(),
                     Duration.ofMillis(300))) {
            CompletableFuture<Object> ping = redis.send(bytes("PING"));
            assertThat(closedByTheClient(silent)).as("the connection is closed after the timeout").isTrue();
            assertThatThrownBy(() -> ping.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);
        }
    }

    /** Accepts one connection and reads it until the client closes it (true) or 5 s pass (false). */
    private static boolean closedByTheClient(ServerSocket server) throws IOException {
        server.setSoTimeout(5_000);
        try (java.net.Socket accepted = server.accept()) {
            accepted.setSoTimeout(5_000);
            while (accepted.getInputStream().read() != -1) {
                // the command, unanswered
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
    }

    @Test
    void aRefusedPasswordFailsTheCalls() {
        URI plain = URI.create(url);
        String withPassword = "redis://:wrong-password@" + plain.getHost() + ":" + plain.getPort();
        try (LoopLocalRedis redis = redis(withPassword, Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> redis.send(bytes("PING")).get(5, TimeUnit.SECONDS))
                    .as("the command waits for the handshake and fails with it")
                    .hasCauseInstanceOf(RedisReplyException.class)
                    .hasMessageMatching("(?s).*(AUTH|WRONGPASS).*");
        }
    }

    @Test
    void onlyPlainTcpUrlsRunOnTheLoops() {
        assertThat(LoopLocalRedis.speaks("redis://127.0.0.1:6379/2")).isTrue();
        assertThat(LoopLocalRedis.speaks("rediss://127.0.0.1:6379")).isFalse();
        assertThat(LoopLocalRedis.speaks("redis-socket:///tmp/redis.sock")).isFalse();
        assertThat(LoopLocalRedis.speaks("redis-sentinel://127.0.0.1:26379#mymaster")).isFalse();
    }
}
