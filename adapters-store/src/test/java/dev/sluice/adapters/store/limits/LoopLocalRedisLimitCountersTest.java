package dev.sluice.adapters.store.limits;

import dev.sluice.adapters.store.RedisServer;
import dev.sluice.adapters.store.cache.RedisConnections;
import dev.sluice.adapters.store.redis.LoopLocalRedis;
import dev.sluice.application.limits.LimitCountersPort;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;

/** The same contract with the scripts sent on event loops' own connections, as the server sends them. */
@ExtendWith(RedisServer.class)
class LoopLocalRedisLimitCountersTest extends LimitCountersContract {

    private static EventLoopGroup loops;
    private static RedisConnections connections;
    private static LoopLocalRedis redis;
    private static RedisLimitCounters counters;

    @BeforeAll
    static void connect() {
        String url = RedisServer.redisUrl().orElseThrow();
        loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        connections = new RedisConnections(url, Duration.ofSeconds(2), Clock.systemUTC());
        redis = new LoopLocalRedis(url, Duration.ofSeconds(2), loops, NioSocketChannel::new);
        counters = new RedisLimitCounters(connections, redis);
    }

    @AfterAll
    static void disconnect() {
        redis.close();
        connections.close();
        loops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Override
    protected LimitCountersPort counters() {
        return counters;
    }
}
