package dev.sluice.adapters.http.edge;

import dev.sluice.domain.exchange.ByteBudget;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebSocket's frames are judged by the heads they announce, however the bytes are cut into reads: a message past
 * the limit is closed with 1009, one past the request-body budget with 1013, both before the payload, and a message's
 * share of the budget is taken as its heads arrive and handed on with its final frame.
 */
class WebSocketFrameHeadsTest {

    private static final long LIMIT = 150_000;

    private final ByteBudget budget = new ByteBudget(200_000);
    private final WebSocketFrameHeads heads = new WebSocketFrameHeads(LIMIT, budget);
    private final EmbeddedChannel socket = new EmbeddedChannel(heads);

    /** A client's frame: masked (with a zero key), its length in the shortest form, its payload spaces. */
    private static byte[] frame(boolean fin, int opcode, int length, boolean withPayload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        if (length < 126) {
            out.write(0x80 | length);
        } else if (length < 65_536) {
            out.writeBytes(new byte[] {(byte) (0x80 | 126), (byte) (length >> 8), (byte) length});
        } else {
            out.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) length >> shift));
            }
        }
        out.writeBytes(new byte[4]);
        if (withPayload) {
            byte[] payload = new byte[length];
            Arrays.fill(payload, (byte) ' ');
            out.writeBytes(payload);
        }
        return out.toByteArray();
    }

    private static byte[] join(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Sends {@code bytes} in reads of {@code cut} bytes; returns what was passed on to the decoder. */
    private byte[] send(byte[] bytes, int cut) {
        for (int at = 0; at < bytes.length; at += cut) {
            socket.writeInbound(Unpooled.wrappedBuffer(bytes, at, Math.min(cut, bytes.length - at)));
        }
        ByteArrayOutputStream passed = new ByteArrayOutputStream();
        for (ByteBuf read = socket.readInbound(); read != null; read = socket.readInbound()) {
            byte[] copy = new byte[read.readableBytes()];
            read.readBytes(copy);
            read.release();
            passed.writeBytes(copy);
        }
        return passed.toByteArray();
    }

    private int closeCode() {
        Object written = socket.readOutbound();
        assertThat(written).isInstanceOf(CloseWebSocketFrame.class);
        CloseWebSocketFrame close = (CloseWebSocketFrame) written;
        int code = close.statusCode();
        close.release();
        return code;
    }

    @Test
    void headsCutAcrossReadsAreReadWholeAndEveryBytePassesAsItCame() {
        byte[] message = join(frame(false, 1, 70_000, true), frame(true, 0x9, 4, true), frame(true, 0, 30_000, true),
                frame(true, 1, 10, true));
        for (int cut : new int[] {1, 3, 7, 4096, message.length}) {
            assertThat(send(message, cut)).as("cut into reads of %d", cut).isEqualTo(message);
            assertThat(socket.<Object>readOutbound()).isNull();
            assertThat(budget.held()).as("the large message, whole, its share not yet handed on").isEqualTo(100_000);
            WebSocketMessageShare share = heads.delivered();
            assertThat(heads.delivered()).as("the small message took nothing").isNull();
            share.run();
            share.run();
            assertThat(budget.held()).isZero();
        }
    }

    @Test
    void aMessageWhoseFragmentsPassTheLimitIsClosedWith1009OnTheHeadThatPassesIt() {
        byte[] first = frame(false, 1, 100_000, true);
        assertThat(send(first, 8192)).isEqualTo(first);
        byte[] refused = frame(true, 0, 60_000, false);
        assertThat(send(refused, 1)).as("at most the start of its head, read before the rest").hasSizeLessThan(refused.length);
        assertThat(closeCode()).isEqualTo(1009);
        assertThat(budget.held()).as("given back at once").isZero();
        assertThat(send(frame(true, 1, 10, true), 64)).as("nothing more is passed on").isEmpty();
    }

    @Test
    void aMessageThatWouldPassTheBudgetIsClosedWith1013BeforeItsPayload() {
        assertThat(budget.take(100_000)).isTrue();
        byte[] passing = frame(true, 2, 100_000, true);
        assertThat(send(passing, passing.length)).isEqualTo(passing);
        assertThat(budget.held()).isEqualTo(200_000);
        byte[] refused = frame(true, 1, 70_000, false);
        assertThat(send(refused, 5)).as("at most the start of its head, read before the rest").hasSizeLessThan(refused.length);
        assertThat(closeCode()).isEqualTo(1013);
        assertThat(budget.held()).as("the socket's own shares given back, another's kept").isEqualTo(100_000);
    }

    @Test
    void aLengthOverSixtyThreeBitsIsTheDecodersToRefuse() {
        byte[] malformed = {(byte) 0x81, (byte) (0x80 | 127), (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2};
        assertThat(send(malformed, 3)).isEqualTo(malformed);
        assertThat(socket.<Object>readOutbound()).isNull();
    }

    @Test
    void closingTheConnectionGivesEveryShareBack() {
        send(frame(true, 1, 80_000, true), 65_536);
        send(frame(false, 1, 90_000, false), 100);
        assertThat(budget.held()).isEqualTo(170_000);
        socket.close();
        assertThat(budget.held()).isZero();
    }
}
