package dev.sluice.application.cache;

import dev.sluice.application.pipeline.TappedBody;
import dev.sluice.application.support.BodyReader;
import dev.sluice.application.support.DrivenBody;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tapped leader's body over a shared stream, as the log observes it: its client leaving while others read on
 * detaches it, and its tap still sees the rest and one end, whatever its client does after.
 */
class DetachedLeaderTest {

    /** A body whose tap writes down what it sees. */
    private static final class Tapped extends TappedBody {
        final StringBuilder seen = new StringBuilder();
        final List<String> ends = new ArrayList<>();

        Tapped(Flow.Publisher<byte[]> body) {
            super(body);
        }

        @Override
        protected Tap tap() {
            return new Tap() {
                @Override
                public void chunk(byte[] chunk) {
                    seen.append(new String(chunk, StandardCharsets.UTF_8));
                }

                @Override
                public void end(boolean clean) {
                    ends.add(clean ? "clean" : "cut");
                }

                @Override
                public void cancelled() {
                    ends.add("cancelled");
                }
            };
        }

        boolean cutNow() {
            return endNow();
        }
    }

    private final DrivenBody provider = new DrivenBody();
    private final AtomicReference<Optional<byte[]>> handedOver = new AtomicReference<>();
    private final SharedStream stream = new SharedStream(provider, 1024, whole -> handedOver.set(whole));

    @Test
    void aLeaderWhoseClientCancelsTwiceIsToldTheRestOnceAndEndsOnce() {
        Tapped leader = new Tapped(stream.join().orElseThrow());
        BodyReader client = BodyReader.reading(leader);
        BodyReader follower = BodyReader.reading(stream.join().orElseThrow());
        provider.send("a");
        client.subscription.cancel();
        client.subscription.cancel();
        provider.send("b");
        provider.subscriber.onComplete();

        assertThat(provider.cancelled).isFalse();
        assertThat(follower.got()).isEqualTo("ab");
        assertThat(leader.seen.toString()).isEqualTo("ab");
        assertThat(leader.ends).containsExactly("cancelled");
        assertThat(new String(handedOver.get().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("ab");
    }

    @Test
    void anEndThatReachesTheLeftReaderWhileItDetachesIsCountedAsItsClientLeaving() {
        // A translation detaching over a stream already at its end delivers that end to the reader it had, its client's.
        Flow.Publisher<byte[]> ending = subscriber -> subscriber.onSubscribe(
                new dev.sluice.application.pipeline.SharedSubscription() {
                    @Override
                    public boolean detach(Flow.Subscriber<byte[]> rest) {
                        subscriber.onNext("z".getBytes(StandardCharsets.UTF_8));
                        subscriber.onComplete();
                        return true;
                    }

                    @Override
                    public void request(long n) {
                    }

                    @Override
                    public void cancel() {
                    }
                });
        Tapped leader = new Tapped(ending);
        BodyReader client = BodyReader.reading(leader);

        client.subscription.cancel();

        assertThat(leader.seen.toString()).isEqualTo("z");
        assertThat(leader.ends).containsExactly("cancelled");
    }

    @Test
    void aDetachedLeaderIsStillCutWhenTheProcessStops() {
        Tapped leader = new Tapped(stream.join().orElseThrow());
        BodyReader client = BodyReader.reading(leader);
        BodyReader.reading(stream.join().orElseThrow());
        provider.send("a");
        client.subscription.cancel();

        assertThat(leader.cutNow()).isTrue();
        provider.send("b");
        provider.subscriber.onComplete();
        assertThat(leader.ends).containsExactly("cut");
        assertThat(leader.seen.toString()).isEqualTo("a");
    }

    @Test
    void aLeaderThatLeavesAfterTheProvidersEndButBeforeReadingItHandsItOverAsNotWhole() {
        BodyReader leader = new BodyReader(0);
        stream.join().orElseThrow().subscribe(leader);
        BodyReader.reading(stream.join().orElseThrow());
        provider.send("a");
        provider.subscriber.onComplete();
        assertThat(handedOver.get()).as("the leader has not read the end").isNull();

        leader.subscription.cancel();

        assertThat(handedOver.get()).isEmpty();
    }
}
