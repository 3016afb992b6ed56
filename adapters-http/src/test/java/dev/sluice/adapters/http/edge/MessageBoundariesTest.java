package dev.sluice.adapters.http.edge;

import dev.sluice.domain.exchange.ByteBudget;
import dev.sluice.domain.exchange.RequestIds;
import io.micronaut.json.JsonMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What MessageBoundaries does with a connection's close. */
class MessageBoundariesTest {

    private final ServerStopping stopping = new ServerStopping();

    private EmbeddedChannel channel() {
        EdgeAnswers answers = new EdgeAnswers(JsonMapper.createDefault(), new RequestIds(Clock.systemUTC()),
                1024, 1 << 20);
        RequestReadWatch watch = new RequestReadWatch(Duration.ofSeconds(10), Duration.ofSeconds(30), answers);
        return new EmbeddedChannel(new MessageBoundaries(watch, answers, 1024, 1024, 1 << 20, stopping,
                new ByteBudget(1 << 20), LargeBodyGateTest.OPEN));
    }

    @Test
    void aStoppingServersCloseSendsWhatWasAlreadyWrittenFirst() {
        stopping.shutdownGracefully();
        EmbeddedChannel channel = channel();
        channel.write(Unpooled.copiedBuffer("the answer's end", StandardCharsets.US_ASCII));
        channel.close();
        ByteBuf sent = channel.readOutbound();
        assertThat(sent).as("written before the close").isNotNull();
        assertThat(sent.toString(StandardCharsets.US_ASCII)).isEqualTo("the answer's end");
        sent.release();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void anyOtherCloseDoesNotWaitForWhatIsPending() {
        EmbeddedChannel channel = channel();
        channel.write(Unpooled.copiedBuffer("never read", StandardCharsets.US_ASCII));
        channel.close();
        assertThat(channel.isOpen()).isFalse();
        assertThat((Object) channel.readOutbound()).as("a timeout's or a departed client's close discards it").isNull();
    }
}
