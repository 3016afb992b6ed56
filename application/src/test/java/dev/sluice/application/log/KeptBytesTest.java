package dev.sluice.application.log;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class KeptBytesTest {

    private static byte[] counting(int from, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (from + i);
        }
        return bytes;
    }

    @Test
    void aBodyWithinTheHeadIsKeptWholeAndHasNoTail() {
        KeptBytes kept = new KeptBytes(10);
        kept.keep(counting(0, 4), 4, true);
        kept.keep(counting(4, 6), 6, true);
        assertThat(kept.whole()).isTrue();
        assertThat(kept.size()).isEqualTo(10);
        assertThat(kept.head()).isEqualTo(counting(0, 10));
        assertThat(kept.tail()).isEmpty();
    }

    @Test
    void aLongerBodyKeepsItsHeadAndItsLastBytes() {
        KeptBytes kept = new KeptBytes(10);
        byte[] body = counting(0, KeptBytes.TAIL + 500);
        for (int from = 0; from < body.length; from += 7) {
            byte[] chunk = Arrays.copyOfRange(body, from, Math.min(body.length, from + 7));
            kept.keep(chunk, chunk.length, true);
        }
        assertThat(kept.whole()).isFalse();
        assertThat(kept.size()).isEqualTo(body.length);
        assertThat(kept.head()).isEqualTo(counting(0, 10));
        assertThat(kept.tail()).isEqualTo(Arrays.copyOfRange(body, 500, body.length));
    }

    /** A buffer read into again (a decoder's) is copied; a chunk passed on, never written to again, is kept as it is. */
    @Test
    void aBufferThatIsNotOwnedIsCopiedAndAnOwnedChunkIsNot() {
        byte[] buffer = counting(0, 8);
        KeptBytes copied = new KeptBytes(100);
        copied.keep(buffer, buffer.length, false);
        Arrays.fill(buffer, (byte) 0);
        copied.keep(buffer, 2, false);
        byte[] expected = Arrays.copyOf(counting(0, 8), 10);
        assertThat(copied.head()).isEqualTo(expected);

        byte[] chunk = counting(0, 8);
        KeptBytes owned = new KeptBytes(100);
        owned.keep(chunk, chunk.length, true);
        assertThat(owned.head()).isSameAs(chunk);
    }
}
