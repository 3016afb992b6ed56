package dev.sluice.application.cache;

import dev.sluice.application.pipeline.SharedSubscription;
import dev.sluice.application.support.BodyReader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class SharedStreamTest {

    /** A provider's body the test drives: what it sends and when, and what it was asked for. */
    private static final class Provider implements Flow.Publisher<byte[]> {
        Flow.Subscriber<? super byte[]> subscriber;
        final java.util.concurrent.atomic.AtomicLong asked = new java.util.concurrent.atomic.AtomicLong();
        volatile boolean cancelled;
        int subscriptions;

        @Override
        public void subscribe(Flow.Subscriber<? super byte[]> subscriber) {
            this.subscriber = subscriber;
            subscriptions++;
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    asked.addAndGet(n);
                }

                @Override
                public void cancel() {
                    cancelled = true;
                }
            });
        }

        void send(String text) {
            assertThat(asked.getAndDecrement()).as("a chunk is sent only when asked for").isPositive();
            subscriber.onNext(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Provider provider = new Provider();
    private final AtomicReference<Optional<byte[]>> handedOver = new AtomicReference<>();
    private SharedStream stream(long maxKept) {
        return new SharedStream(provider, maxKept, whole -> assertThat(handedOver.getAndSet(whole)).isNull());
    }

    @Test
    void aReaderJoiningMidStreamGetsWhatCameAtOnceAndTheRestAsItComes() throws Exception {
        SharedStream stream = stream(1024);
        BodyReader leader = BodyReader.reading(stream.join().orElseThrow());
        provider.send("a");
        provider.send("b");
        BodyReader follower = BodyReader.reading(stream.join().orElseThrow());
        assertThat(follower.got()).isEqualTo("ab");
        provider.send("c");
        assertThat(leader.got()).isEqualTo("abc");
        assertThat(follower.got()).isEqualTo("abc");
        provider.subscriber.onComplete();
        assertThat(leader.ended.get(1, TimeUnit.SECONDS)).isEqualTo("abc");
        assertThat(follower.ended.get(1, TimeUnit.SECONDS)).isEqualTo("abc");
        assertThat(new String(handedOver.get().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("abc");
        assertThat(provider.subscriptions).isEqualTo(1);
        assertThat(stream.join()).as("nobody joins an ended stream").isEmpty();
    }

    @Test
    void nothingIsAskedOfTheProviderUntilAReaderAsksAndAFastReaderIsNotHeldByASlowOne() {
        SharedStream stream = stream(1024);
        BodyReader slow = new BodyReader(0);
        stream.join().orElseThrow().subscribe(slow);
        assertThat(provider.asked.get()).isZero();
        BodyReader fast = BodyReader.reading(stream.join().orElseThrow());
        assertThat(provider.asked.get()).isEqualTo(1);
        provider.send("a");
        provider.send("b");
        assertThat(fast.got()).isEqualTo("ab");
        assertThat(slow.got()).isEmpty();
        slow.subscription.request(1);
        assertThat(slow.got()).isEqualTo("a");
    }

    @Test
    void theLeadersClientLeavingDoesNotStopTheOthers() throws Exception {
        SharedStream stream = stream(1024);
        BodyReader leader = BodyReader.reading(stream.join().orElseThrow());
        BodyReader follower = BodyReader.reading(stream.join().orElseThrow());
        provider.send("a");
        leader.subscription.cancel();
        provider.send("b");
        provider.subscriber.onComplete();
        assertThat(provider.cancelled).isFalse();
        assertThat(follower.ended.get(1, TimeUnit.SECONDS)).isEqualTo("ab");
        assertThat(leader.got()).isEqualTo("a");
        assertThat(handedOver.get()).as("not cached: whoever judges it whole (the leader's translation) left").isEmpty();
    }

    @Test
    void aLeaderDetachedWhileOthersReadIsToldTheRestUnaskedAndHandsTheStreamOverAtItsEnd() throws Exception {
        SharedStream stream = stream(1024);
        Flow.Publisher<byte[]> leaderBody = stream.join().orElseThrow();
        BodyReader leader = BodyReader.reading(leaderBody);
        BodyReader follower = BodyReader.reading(stream.join().orElseThrow());
        provider.send("a");
        Rest rest = new Rest();
        assertThat(((SharedSubscription) leader.subscription).detach(rest)).isTrue();
        provider.send("b");
        provider.send("c");
        provider.subscriber.onComplete();

        assertThat(provider.cancelled).isFalse();
        assertThat(follower.ended.get(1, TimeUnit.SECONDS)).isEqualTo("abc");
        assertThat(leader.got()).as("its client left").isEqualTo("a");
        assertThat(rest.got.toString()).isEqualTo("bc");
        assertThat(rest.ended).isEqualTo("complete");
        assertThat(new String(handedOver.get().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("abc");
    }

    @Test
    void aLeaderAloneOrAFollowerIsNotDetachedAndADetachedLeaderHearsWhenTheLastOtherReaderLeaves() {
        SharedStream alone = stream(1024);
        BodyReader only = BodyReader.reading(alone.join().orElseThrow());
        assertThat(((SharedSubscription) only.subscription).detach(new Rest())).as("nobody else reads it").isFalse();

        SharedStream stream = new SharedStream(provider, 1024, whole -> { });
        BodyReader leader = BodyReader.reading(stream.join().orElseThrow());
        BodyReader follower = BodyReader.reading(stream.join().orElseThrow());
        assertThat(((SharedSubscription) follower.subscription).detach(new Rest())).as("a hit's reader").isFalse();
        Rest rest = new Rest();
        assertThat(((SharedSubscription) leader.subscription).detach(rest)).isTrue();
        provider.send("a");
        follower.subscription.cancel();

        assertThat(provider.cancelled).as("nobody reads it any more").isTrue();
        assertThat(rest.got.toString()).isEqualTo("a");
        assertThat(rest.ended).isEqualTo("error");
    }

    /** What a detached reader is told. */
    private static final class Rest implements Flow.Subscriber<byte[]> {
        final StringBuilder got = new StringBuilder();
        volatile String ended;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            throw new AssertionError("the rest comes unasked");
        }

        @Override
        public void onNext(byte[] chunk) {
            got.append(new String(chunk, StandardCharsets.UTF_8));
        }

        @Override
        public void onError(Throwable error) {
            ended = "error";
        }

        @Override
        public void onComplete() {
            ended = "complete";
        }
    }

    @Test
    void whenTheLastReaderLeavesTheProvidersBodyIsCancelledAndNothingIsHandedOver() {
        SharedStream stream = stream(1024);
        BodyReader leader = BodyReader.reading(stream.join().orElseThrow());
        provider.send("a");
        leader.subscription.cancel();
        assertThat(provider.cancelled).isTrue();
        assertThat(handedOver.get()).isEmpty();
        assertThat(stream.join()).isEmpty();
    }

    @Test
    void aBodyNobodyReadsIsCancelledWhenItsReaderIsDiscarded() {
        SharedStream stream = stream(1024);
        Flow.Publisher<byte[]> unread = stream.join().orElseThrow();
        unread.subscribe(new BodyReader(0) {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.cancel();
            }
        });
        assertThat(provider.subscriptions).isEqualTo(1);
        assertThat(provider.cancelled).isTrue();
        assertThat(handedOver.get()).isEmpty();
    }

    @Test
    void theProvidersFailureReachesEveryReaderAfterWhatCame() {
        SharedStream stream = stream(1024);
        BodyReader leader = BodyReader.reading(stream.join().orElseThrow());
        BodyReader follower = BodyReader.reading(stream.join().orElseThrow());
        provider.send("a");
        provider.subscriber.onError(new IOException("reset"));
        for (BodyReader client : List.of(leader, follower)) {
            assertThat(client.got()).isEqualTo("a");
            assertThat(client.ended).isCompletedExceptionally();
        }
        assertThat(handedOver.get()).isEmpty();
    }

    @Test
    void pastWhatIsKeptNobodyJoinsTheSlowestSetsThePaceAndNothingIsHandedOver() throws Exception {
        SharedStream stream = stream(3);
        BodyReader slow = new BodyReader(0);
        stream.join().orElseThrow().subscribe(slow);
        BodyReader fast = BodyReader.reading(stream.join().orElseThrow());
        provider.send("ab");
        provider.send("cd");
        assertThat(stream.join()).as("past what is kept").isEmpty();
        assertThat(provider.asked.get()).as("the slow reader is behind: nothing more is asked").isZero();
        slow.subscription.request(2);
        assertThat(slow.got()).isEqualTo("abcd");
        assertThat(provider.asked.get()).isEqualTo(1);
        provider.send("e");
        provider.subscriber.onComplete();
        slow.subscription.request(5);
        assertThat(fast.ended.get(1, TimeUnit.SECONDS)).isEqualTo("abcde");
        assertThat(slow.ended.get(1, TimeUnit.SECONDS)).isEqualTo("abcde");
        assertThat(handedOver.get()).isEmpty();
    }

    @Test
    void theStreamIsHandedOverOnceTheLeadersClientHasReadItsEnd() throws Exception {
        SharedStream stream = stream(1024);
        BodyReader leader = new BodyReader(1);
        stream.join().orElseThrow().subscribe(leader);
        BodyReader follower = BodyReader.reading(stream.join().orElseThrow());
        provider.send("a");
        provider.send("b");
        provider.subscriber.onComplete();
        assertThat(follower.ended.get(1, TimeUnit.SECONDS)).isEqualTo("ab");
        assertThat(handedOver.get()).as("the leader's client has not read the end yet").isNull();
        leader.subscription.request(2);
        assertThat(leader.ended.get(1, TimeUnit.SECONDS)).isEqualTo("ab");
        assertThat(new String(handedOver.get().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("ab");
    }

    @Test
    void noSignalReachesAReaderBeforeItsOnSubscribeHasReturned() {
        SharedStream stream = stream(1024);
        BodyReader.reading(stream.join().orElseThrow());
        List<String> order = new ArrayList<>();
        stream.join().orElseThrow().subscribe(new BodyReader(1) {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                order.add("subscribed");
                super.onSubscribe(subscription);
                provider.subscriber.onError(new IOException("reset"));
                order.add("returned");
            }

            @Override
            public void onError(Throwable throwable) {
                order.add("failed");
                super.onError(throwable);
            }
        });
        assertThat(order).containsExactly("subscribed", "returned", "failed");
    }

    @Test
    void aRequestForNothingIsAnError() {
        SharedStream stream = stream(1024);
        BodyReader client = new BodyReader(0);
        stream.join().orElseThrow().subscribe(client);
        client.subscription.request(0);
        assertThat(client.ended).isCompletedExceptionally();
        assertThat(provider.cancelled).as("its only reader left").isTrue();
    }

    @Test
    void aProviderThatAnswersWithinTheAskIsReadInALoopNotARecursion() throws Exception {
        int chunks = 100_000;
        Flow.Publisher<byte[]> eager = subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            private int sent;

            @Override
            public void request(long n) {
                for (long i = 0; i < n; i++) {
                    if (sent < chunks) {
                        sent++;
                        subscriber.onNext(new byte[] {'x'});
                    } else if (sent++ == chunks) {
                        subscriber.onComplete();
                    }
                }
            }

            @Override
            public void cancel() {
            }
        });
        SharedStream stream = new SharedStream(eager, Long.MAX_VALUE, whole -> { });
        BodyReader client = BodyReader.reading(stream.join().orElseThrow());
        assertThat(client.ended.get(5, TimeUnit.SECONDS)).hasSize(chunks);
    }

    @Test
    void readersOnOtherThreadsEachGetTheWholeStreamInOrder() throws Exception {
        SharedStream stream = stream(Long.MAX_VALUE);
        List<BodyReader> clients = new ArrayList<>();
        clients.add(BodyReader.reading(stream.join().orElseThrow()));
        CountDownLatch joined = new CountDownLatch(4);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                BodyReader client = new BodyReader(0);
                synchronized (clients) {
                    clients.add(client);
                }
                stream.join().orElseThrow().subscribe(client);
                joined.countDown();
                for (int i = 0; i < 2_000; i++) {
                    client.subscription.request(1);
                }
            });
            threads.add(thread);
            thread.start();
        }
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            while (provider.asked.get() == 0) {
                Thread.onSpinWait();
            }
            String chunk = i + ",";
            expected.append(chunk);
            synchronized (this) {
                provider.send(chunk);
            }
            if (i == 10) {
                assertThat(joined.await(5, TimeUnit.SECONDS)).isTrue();
            }
        }
        provider.subscriber.onComplete();
        for (Thread thread : threads) {
            thread.join(5_000);
        }
        for (BodyReader client : clients) {
            client.subscription.request(Long.MAX_VALUE);
            assertThat(client.ended.get(5, TimeUnit.SECONDS)).isEqualTo(expected.toString());
        }
    }
}
