package dev.sluice.application.cache;

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

    /** A client reading a body: what it got, how it ended, and how much it asks for. */
    private static class Client implements Flow.Subscriber<byte[]> {
        final StringBuilder got = new StringBuilder();
        final CompletableFuture<String> ended = new CompletableFuture<>();
        Flow.Subscription subscription;
        private final long asks;

        Client(long asks) {
            this.asks = asks;
        }

        static Client reading(Flow.Publisher<byte[]> body) {
            Client client = new Client(Long.MAX_VALUE);
            body.subscribe(client);
            return client;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (asks > 0) {
                subscription.request(asks);
            }
        }

        @Override
        public void onNext(byte[] item) {
            got.append(new String(item, StandardCharsets.UTF_8));
        }

        @Override
        public void onError(Throwable throwable) {
            ended.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            ended.complete(got.toString());
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
        Client leader = Client.reading(stream.join().orElseThrow());
        provider.send("a");
        provider.send("b");
        Client follower = Client.reading(stream.join().orElseThrow());
        assertThat(follower.got).hasToString("ab");
        provider.send("c");
        assertThat(leader.got).hasToString("abc");
        assertThat(follower.got).hasToString("abc");
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
        Client slow = new Client(0);
        stream.join().orElseThrow().subscribe(slow);
        assertThat(provider.asked.get()).isZero();
        Client fast = Client.reading(stream.join().orElseThrow());
        assertThat(provider.asked.get()).isEqualTo(1);
        provider.send("a");
        provider.send("b");
        assertThat(fast.got).hasToString("ab");
        assertThat(slow.got).isEmpty();
        slow.subscription.request(1);
        assertThat(slow.got).hasToString("a");
    }

    @Test
    void theLeadersClientLeavingDoesNotStopTheOthers() throws Exception {
        SharedStream stream = stream(1024);
        Client leader = Client.reading(stream.join().orElseThrow());
        Client follower = Client.reading(stream.join().orElseThrow());
        provider.send("a");
        leader.subscription.cancel();
        provider.send("b");
        provider.subscriber.onComplete();
        assertThat(provider.cancelled).isFalse();
        assertThat(follower.ended.get(1, TimeUnit.SECONDS)).isEqualTo("ab");
        assertThat(leader.got).hasToString("a");
        assertThat(handedOver.get()).as("not cached: whoever judges it whole (the leader's translation) left").isEmpty();
    }

    @Test
    void whenTheLastReaderLeavesTheProvidersBodyIsCancelledAndNothingIsHandedOver() {
        SharedStream stream = stream(1024);
        Client leader = Client.reading(stream.join().orElseThrow());
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
        unread.subscribe(new Client(0) {
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
        Client leader = Client.reading(stream.join().orElseThrow());
        Client follower = Client.reading(stream.join().orElseThrow());
        provider.send("a");
        provider.subscriber.onError(new IOException("reset"));
        for (Client client : List.of(leader, follower)) {
            assertThat(client.got).hasToString("a");
            assertThat(client.ended).isCompletedExceptionally();
        }
        assertThat(handedOver.get()).isEmpty();
    }

    @Test
    void pastWhatIsKeptNobodyJoinsTheSlowestSetsThePaceAndNothingIsHandedOver() throws Exception {
        SharedStream stream = stream(3);
        Client slow = new Client(0);
        stream.join().orElseThrow().subscribe(slow);
        Client fast = Client.reading(stream.join().orElseThrow());
        provider.send("ab");
        provider.send("cd");
        assertThat(stream.join()).as("past what is kept").isEmpty();
        assertThat(provider.asked.get()).as("the slow reader is behind: nothing more is asked").isZero();
        slow.subscription.request(2);
        assertThat(slow.got).hasToString("abcd");
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
        Client leader = new Client(1);
        stream.join().orElseThrow().subscribe(leader);
        Client follower = Client.reading(stream.join().orElseThrow());
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
        Client.reading(stream.join().orElseThrow());
        List<String> order = new ArrayList<>();
        stream.join().orElseThrow().subscribe(new Client(1) {
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
        Client client = new Client(0);
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
        Client client = Client.reading(stream.join().orElseThrow());
        assertThat(client.ended.get(5, TimeUnit.SECONDS)).hasSize(chunks);
    }

    @Test
    void readersOnOtherThreadsEachGetTheWholeStreamInOrder() throws Exception {
        SharedStream stream = stream(Long.MAX_VALUE);
        List<Client> clients = new ArrayList<>();
        clients.add(Client.reading(stream.join().orElseThrow()));
        CountDownLatch joined = new CountDownLatch(4);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                Client client = new Client(0);
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
        for (Client client : clients) {
            client.subscription.request(Long.MAX_VALUE);
            assertThat(client.ended.get(5, TimeUnit.SECONDS)).isEqualTo(expected.toString());
        }
    }
}
