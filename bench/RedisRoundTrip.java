import dev.sluice.adapters.store.redis.LoopLocalRedis;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringSocketChannel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * One Redis round trip as Sluice's limit checks make it: the admit script of one fixed-window rule (the one in
 * bench/limit-one.yml), sent by LoopLocalRedis from its own event loop and awaited before the next, 30,000 a
 * round, three rounds; prints p50/p99 per round. The yardstick for issue 16's "a check adds under one round trip".
 *
 *   java -cp bootstrap/target/bootstrap-0.1.0-SNAPSHOT-all.jar bench/RedisRoundTrip.java [io_uring|epoll|nio] [redis-url]
 */
public class RedisRoundTrip {

    public static void main(String[] args) throws Exception {
        String transport = args.length > 0 ? args[0] : "io_uring";
        String url = args.length > 1 ? args[1] : "redis://127.0.0.1:6379";
        IoHandlerFactory handlers = switch (transport) {
            case "nio" -> NioIoHandler.newFactory();
            case "epoll" -> EpollIoHandler.newFactory();
            default -> IoUringIoHandler.newFactory();
        };
        ChannelFactory<? extends Channel> channels = switch (transport) {
            case "nio" -> NioSocketChannel::new;
            case "epoll" -> EpollSocketChannel::new;
            default -> IoUringSocketChannel::new;
        };
        String script = Files.readString(Path.of("adapters-store/src/main/resources/dev/sluice/adapters/store/limits/admit.lua"));
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                .digest(script.getBytes(StandardCharsets.UTF_8)));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, handlers);
        try (LoopLocalRedis redis = new LoopLocalRedis(url, Duration.ofSeconds(2), group, channels)) {
            EventLoop loop = group.next();
            byte[][] keys = {bytes("sluice:limit:{bench/roundtrip}:everyone|#F60000")};
            for (int round = 0; round < 3; round++) {
                long[] took = new long[30_000];
                CompletableFuture<Void> done = new CompletableFuture<>();
                loop.execute(() -> next(redis, sha, script, keys, took, 0, done));
                done.get();
                Arrays.sort(took);
                System.out.printf("%s round %d: p50 %.1f µs, p99 %.1f µs%n", transport, round + 1,
                        took[took.length / 2] / 1e3, took[took.length * 99 / 100] / 1e3);
            }
        } finally {
            group.shutdownGracefully().syncUninterruptibly();
        }
    }

    private static void next(LoopLocalRedis redis, String sha, String script, byte[][] keys, long[] took, int i,
                             CompletableFuture<Void> done) {
        if (i == took.length) {
            done.complete(null);
            return;
        }
        long started = System.nanoTime();
        byte[][] arguments = {bytes(Long.toString(System.currentTimeMillis())), bytes("F"), bytes("60000"),
                bytes("1000000000"), bytes("1")};
        redis.run(sha, script, keys, arguments).whenComplete((reply, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
                return;
            }
            took[i] = System.nanoTime() - started;
            next(redis, sha, script, keys, took, i + 1, done);
        });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
