package dev.sluice.adapters.store.log;

import com.github.luben.zstd.Zstd;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BodyCodecTest {

    @Test
    void rowsWrittenBeforeTheDictionaryReadAsTheyWere() {
        byte[] body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello, say hello.\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(BodyCodec.decode(Zstd.compress(body, 3), BodyCodec.ZSTD)).isEqualTo(body);
        assertThat(BodyCodec.decode(body, BodyCodec.RAW)).isEqualTo(body);
    }

    @Test
    void anyBytesComeBackAsTheyWent() {
        Random random = new Random(11);
        // Either side of the direct buffers' first size and their most, and small again after large (the buffers
        // are reused, and keep the size they grew to).
        for (int size : new int[] {0, 1, 23, 24, 100, 4_096, BodyCodec.DIRECT_LIMIT, BodyCodec.DIRECT_LIMIT + 1,
                                   300_000, 200, BodyCodec.DIRECT_MOST, BodyCodec.DIRECT_MOST + 1, 5_000}) {
            byte[] noise = new byte[size];
            random.nextBytes(noise);
            byte[] text = "data: {\"choices\":[]}\n\n".repeat(size / 20 + 1).getBytes(StandardCharsets.UTF_8);
            for (byte[] body : new byte[][] {noise, text}) {
                BodyCodec.Stored stored = BodyCodec.encode(body);
                assertThat(stored.bytes().length).isLessThanOrEqualTo(body.length);
                assertThat(BodyCodec.decode(stored.bytes(), stored.encoding())).isEqualTo(body);
            }
        }
    }

    /**
     * Rows in encoding 2 are only readable with the very dictionary they were written with, and their frames
     * carry neither its id nor a checksum: a retrained file would read them as garbage. So the file is pinned,
     * and a frame written with it must still read as it did.
     */
    @Test
    void theDictionaryNeverChanges() throws Exception {
        try (var in = BodyCodec.class.getResourceAsStream("bodies-v1.zdict")) {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
            assertThat(java.util.HexFormat.of().formatHex(digest))
                    .isEqualTo("56051580fdc42a1d6a3076b513a2f119210d98a1dde23c4aecb8161b0a2f1c5b");
        }
        byte[] written = java.util.HexFormat.of().parseHex("28b52ffd20900d010040314c6f676765642e07fccf884029578e3e3dbdb1dc5bc8"
                + "4e70b6e94ee7495401");
        assertThat(new String(BodyCodec.decode(written, BodyCodec.ZSTD_BODIES_V1), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"Logged.\"},\"finish_reason\":\"stop\"}]}");
    }

    /** Bodies larger than the buffers' first size are compressed between direct buffers too, up to their most. */
    @Test
    void theDirectBuffersGrowForALargerBodyAndKeepTheirSize() {
        BodyCodec.Compressor compressor = new BodyCodec.Compressor();
        assertThat(compressor.directCapacity()).isEqualTo(BodyCodec.DIRECT_LIMIT);
        byte[] body = "data: {\"choices\":[]}\n\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        byte[] frame = compressor.compress(body);
        assertThat(BodyCodec.decode(frame, BodyCodec.ZSTD_BODIES_V1)).isEqualTo(body);
        assertThat(compressor.directCapacity()).isEqualTo(256 * 1024);
        compressor.compress(new byte[100]);
        assertThat(compressor.directCapacity()).isEqualTo(256 * 1024);
        compressor.compress(new byte[BodyCodec.DIRECT_MOST + 1]);
        assertThat(compressor.directCapacity()).as("larger than the most: from the heap").isEqualTo(256 * 1024);
    }

    /** A damaged frame's declared size is not believed beyond what a log keeps: it would be allocated at once. */
    @Test
    void aFrameDeclaringMoreThanALogKeepsIsRefused() {
        byte[] frame = Zstd.compress(new byte[BodyCodec.LARGEST_BODY + 1], 1);
        assertThatThrownBy(() -> BodyCodec.decode(frame, BodyCodec.ZSTD)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("damaged");
        byte[] largest = Zstd.compress(new byte[BodyCodec.LARGEST_BODY], 1);
        assertThat(BodyCodec.decode(largest, BodyCodec.ZSTD)).hasSize(BodyCodec.LARGEST_BODY);
    }

    @Test
    void aFrameOfAnotherEncodingIsRefusedNotMisread() {
        assertThatThrownBy(() -> BodyCodec.decode(new byte[] {1, 2, 3}, 9)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> BodyCodec.decode(new byte[] {1, 2, 3}, BodyCodec.ZSTD_BODIES_V1))
                .isInstanceOf(IllegalStateException.class);
    }
}
