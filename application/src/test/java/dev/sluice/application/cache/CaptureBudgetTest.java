package dev.sluice.application.cache;

import dev.sluice.application.support.BodyReader;
import dev.sluice.application.support.DrivenBody;
import dev.sluice.domain.cache.CachedResponse;
import dev.sluice.domain.exchange.ByteBudget;
import dev.sluice.domain.exchange.UpstreamResponse;
import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by the cache probe: six concurrent 24 MB answers on a caching gateway each grew a copy for the cache, ran the
 * 128 MB heap out, and went unanswered. The copies together now hold at most the capture budget.
 */
class CaptureBudgetTest {

    private static UpstreamResponse answer(DrivenBody body, String contentType) {
        return new UpstreamResponse(200, new Headers(List.of(new Header("content-type", contentType))), body);
    }

    private static UpstreamResponse answer(DrivenBody body, long length) {
        return new UpstreamResponse(200, new Headers(List.of(new Header("content-type", "application/json"),
                new Header("content-length", Long.toString(length)))), body);
    }

    /** An answer that says its length takes all of it from the budget at its first chunk, and is copied but once. */
    @Test
    void anAnswerWhoseCopyWouldPassTheBudgetIsPassedOnWholeButNotCached() throws Exception {
        ByteBudget budget = new ByteBudget(10);
        DrivenBody first = new DrivenBody();
        DrivenBody second = new DrivenBody();
        AtomicReference<Optional<CachedResponse>> firstCaptured = new AtomicReference<>();
        AtomicReference<Optional<CachedResponse>> secondCaptured = new AtomicReference<>();
        BodyReader firstReader = BodyReader.reading(new CapturingBody(answer(first, 7), 100, budget,
                () -> true, firstCaptured::set).response().body());
        BodyReader secondReader = BodyReader.reading(new CapturingBody(answer(second, 7), 100, budget,
                () -> true, secondCaptured::set).response().body());

        first.send("{\"a\":");
        assertThat(budget.held()).as("its whole length at once").isEqualTo(7);
        second.send("{\"a\":");
        second.send("1}");
        first.send("1}");
        assertThat(budget.held()).isEqualTo(7);
        first.subscriber.onComplete();
        second.subscriber.onComplete();

        assertThat(firstReader.ended.get(1, TimeUnit.SECONDS)).isEqualTo("{\"a\":1}");
        assertThat(secondReader.ended.get(1, TimeUnit.SECONDS)).isEqualTo("{\"a\":1}");
        assertThat(firstCaptured.get()).hasValueSatisfying(entry ->
                assertThat(new String(entry.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}"));
        assertThat(secondCaptured.get()).isEmpty();
        assertThat(budget.held()).isZero();
    }

    /**
     * Found by the cache probe: an answer's chunks and their join were held at once, uncounted, so three 10 MB answers
     * beside a full cache ran the 128 MB heap out. Without a length, the join takes its room in the budget too.
     */
    @Test
    void anAnswerWithoutALengthIsJoinedOnlyWhenTheJoinFitsTheBudgetToo() throws Exception {
        for (long room : new long[] {13, 14}) {
            ByteBudget budget = new ByteBudget(room);
            DrivenBody provider = new DrivenBody();
            AtomicReference<Optional<CachedResponse>> captured = new AtomicReference<>();
            BodyReader reader = BodyReader.reading(new CapturingBody(answer(provider, "application/json"), 100, budget,
                    () -> true, captured::set).response().body());
            provider.send("{\"a\":");
            provider.send("1}");
            provider.subscriber.onComplete();
            assertThat(reader.ended.get(1, TimeUnit.SECONDS)).isEqualTo("{\"a\":1}");
            assertThat(captured.get().isPresent()).as("cached with room for %d", room).isEqualTo(room == 14);
            assertThat(budget.held()).isZero();
        }
        ByteBudget budget = new ByteBudget(7);
        DrivenBody provider = new DrivenBody();
        AtomicReference<Optional<CachedResponse>> captured = new AtomicReference<>();
        BodyReader.reading(new CapturingBody(answer(provider, "application/json"), 100, budget, () -> true,
                captured::set).response().body());
        provider.send("{\"a\":1}");
        provider.subscriber.onComplete();
        assertThat(captured.get()).as("one chunk needs no join").isPresent();
    }

    @Test
    void anAnswerLongerThanItSaidIsNotCached() throws Exception {
        ByteBudget budget = new ByteBudget(100);
        DrivenBody provider = new DrivenBody();
        AtomicReference<Optional<CachedResponse>> captured = new AtomicReference<>();
        BodyReader reader = BodyReader.reading(new CapturingBody(answer(provider, 5), 100, budget, () -> true,
                captured::set).response().body());
        provider.send("{\"a\":");
        provider.send("1}");
        provider.subscriber.onComplete();
        assertThat(reader.ended.get(1, TimeUnit.SECONDS)).isEqualTo("{\"a\":1}");
        assertThat(captured.get()).isEmpty();
        assertThat(budget.held()).isZero();
    }

    @Test
    void aCopyGivesItsShareBackWhenItsReaderLeaves() {
        ByteBudget budget = new ByteBudget(10);
        DrivenBody provider = new DrivenBody();
        AtomicReference<Optional<CachedResponse>> captured = new AtomicReference<>();
        BodyReader reader = BodyReader.reading(new CapturingBody(answer(provider, "application/json"), 100, budget,
                () -> true, captured::set).response().body());
        provider.send("{\"a\":");
        reader.subscription.cancel();
        assertThat(captured.get()).isEmpty();
        assertThat(budget.held()).isZero();
    }

    @Test
    void aSharedStreamPastTheBudgetTakesNoMoreReadersAndIsNotCachedButReachesItsReadersWhole() throws Exception {
        ByteBudget budget = new ByteBudget(4);
        DrivenBody provider = new DrivenBody();
        AtomicReference<Optional<byte[]>> handedOver = new AtomicReference<>();
        SharedStream stream = new SharedStream(provider, 1024, budget, handedOver::set);
        BodyReader leader = BodyReader.reading(stream.join().orElseThrow());
        provider.send("abc");
        assertThat(budget.held()).isEqualTo(3);
        assertThat(stream.join()).isPresent().get().satisfies(BodyReader::reading);
        provider.send("de");
        assertThat(stream.join()).isEmpty();
        assertThat(budget.held()).isZero();
        provider.subscriber.onComplete();
        assertThat(leader.ended.get(1, TimeUnit.SECONDS)).isEqualTo("abcde");
        assertThat(handedOver.get()).isEmpty();
        assertThat(budget.held()).isZero();
    }

    @Test
    void aWholeSharedStreamGivesItsShareBackOnceHandedOver() throws Exception {
        ByteBudget budget = new ByteBudget(100);
        DrivenBody provider = new DrivenBody();
        AtomicReference<Optional<byte[]>> handedOver = new AtomicReference<>();
        SharedStream stream = new SharedStream(provider, 1024, budget, handedOver::set);
        BodyReader leader = BodyReader.reading(stream.join().orElseThrow());
        provider.send("abc");
        provider.subscriber.onComplete();
        assertThat(leader.ended.get(1, TimeUnit.SECONDS)).isEqualTo("abc");
        assertThat(handedOver.get()).isPresent();
        assertThat(budget.held()).isZero();
    }

    /**
     * Found by a probe: the joins of three 10 MB shared streams were made beside their chunks, uncounted, and ran the
     * 128 MB heap out, leaving their readers waiting. A join takes its room in the budget, or the stream is not cached.
     */
    @Test
    void aSharedStreamIsJoinedForTheCacheOnlyWhenTheJoinFitsTheBudgetToo() throws Exception {
        for (long room : new long[] {11, 12}) {
            ByteBudget budget = new ByteBudget(room);
            DrivenBody provider = new DrivenBody();
            AtomicReference<Optional<byte[]>> handedOver = new AtomicReference<>();
            SharedStream stream = new SharedStream(provider, 1024, budget, handedOver::set);
            BodyReader leader = BodyReader.reading(stream.join().orElseThrow());
            provider.send("abc");
            provider.send("def");
            provider.subscriber.onComplete();
            assertThat(leader.ended.get(1, TimeUnit.SECONDS)).isEqualTo("abcdef");
            assertThat(handedOver.get().isPresent()).as("cached with room for %d", room).isEqualTo(room == 12);
            assertThat(budget.held()).isZero();
        }
    }
}
