package dev.sluice.adapters.store.limits;

import dev.sluice.adapters.store.RedisServer;
import dev.sluice.adapters.store.cache.RedisConnections;
import dev.sluice.adapters.store.redis.LoopLocalRedis;
import dev.sluice.application.limits.LimitCountersPort;
import dev.sluice.domain.limits.Admission;
import dev.sluice.domain.limits.CounterUsage;
import dev.sluice.domain.limits.CounterWindow;
import dev.sluice.domain.limits.LimitCounter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The same contract with the scripts sent on event loops' own connections, as the server sends them: every
 * operation is started on one of the loops (as the server's request stages start them), and what it answers
 * is checked to come back on that same loop.
 */
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
        return new OnLoop(counters);
    }

    /** Starts each operation on the next loop and fails it if its answer arrives on another thread. */
    private record OnLoop(LimitCountersPort counters) implements LimitCountersPort {

        private <T> CompletionStage<T> on(Supplier<CompletionStage<T>> operation) {
            EventLoop loop = loops.next();
            CompletableFuture<T> answer = new CompletableFuture<>();
            loop.execute(() -> operation.get().whenComplete((value, error) -> {
                if (error != null) {
                    answer.completeExceptionally(error);
                } else if (!loop.inEventLoop()) {
                    answer.completeExceptionally(new AssertionError("answered on " + Thread.currentThread()));
                } else {
                    answer.complete(value);
                }
            }));
            return answer;
        }

        @Override
        public CompletionStage<Admission> admit(LimitCounter counter, long amount, Instant now) {
            return on(() -> counters.admit(counter, amount, now));
        }

        @Override
        public CompletionStage<List<Admission>> admitAll(List<LimitCounter> all, long[] amounts, Instant now) {
            return on(() -> counters.admitAll(all, amounts, now));
        }

        @Override
        public CompletionStage<Void> settle(Admission admission, long amount) {
            return on(() -> counters.settle(admission, amount));
        }

        @Override
        public CompletionStage<Void> settleAll(List<Admission> admissions, long[] amounts) {
            return on(() -> counters.settleAll(admissions, amounts));
        }

        @Override
        public CompletionStage<List<CounterUsage>> usage(String keyPrefix, CounterWindow window, Instant now) {
            return counters.usage(keyPrefix, window, now);
        }

        @Override
        public CompletionStage<Void> forget(dev.sluice.domain.gateway.GatewayRef gateway) {
            return counters.forget(gateway);
        }
    }
}
