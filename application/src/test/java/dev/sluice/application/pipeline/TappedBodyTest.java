package dev.sluice.application.pipeline;

import dev.sluice.application.support.BodyReader;
import dev.sluice.application.support.DrivenBody;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by the cache probe: a copy for the cache that ran out of heap ({@code OutOfMemoryError} in the tap) left its
 * client waiting for the rest of a 17 MB answer. A tap that fails gives up what it does beside the answer, and the
 * answer goes on to its end.
 */
class TappedBodyTest {

    private static final class Failing extends TappedBody {
        final List<String> seen = new ArrayList<>();
        final Error failure;
        final boolean failAtEnd;

        Failing(DrivenBody body, Error failure, boolean failAtEnd) {
            super(body);
            this.failure = failure;
            this.failAtEnd = failAtEnd;
        }

        @Override
        protected Tap tap() {
            return new Tap() {
                @Override
                public void chunk(byte[] chunk) {
                    seen.add("chunk");
                    if (!failAtEnd) {
                        throw failure;
                    }
                }

                @Override
                public void end(boolean clean) {
                    seen.add("end " + clean);
                    if (failAtEnd) {
                        throw failure;
                    }
                }

                @Override
                public void cancelled() {
                    seen.add("cancelled");
                }
            };
        }
    }

    @Test
    void aTapThatRunsOutOfHeapLeavesTheAnswerWholeAndIsToldItWasCancelled() throws Exception {
        DrivenBody provider = new DrivenBody();
        Failing body = new Failing(provider, new OutOfMemoryError("Java heap space"), false);
        BodyReader reader = BodyReader.reading(body);
        provider.send("ab");
        provider.send("cd");
        provider.subscriber.onComplete();
        assertThat(reader.ended.get(1, TimeUnit.SECONDS)).isEqualTo("abcd");
        assertThat(body.seen).containsExactly("chunk", "cancelled");
    }

    @Test
    void aTapThatFailsAtTheEndStillLetsTheAnswerEnd() throws Exception {
        DrivenBody provider = new DrivenBody();
        BodyReader reader = BodyReader.reading(new Failing(provider, new OutOfMemoryError("Java heap space"), true));
        provider.send("ab");
        provider.subscriber.onComplete();
        assertThat(reader.ended.get(1, TimeUnit.SECONDS)).isEqualTo("ab");
    }
}
