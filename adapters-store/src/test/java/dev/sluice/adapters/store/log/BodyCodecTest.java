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
        for (int size : new int[] {0, 1, 23, 24, 100, 4_096, 300_000}) {
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

    @Test
    void aFrameOfAnotherEncodingIsRefusedNotMisread() {
        assertThatThrownBy(() -> BodyCodec.decode(new byte[] {1, 2, 3}, 9)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> BodyCodec.decode(new byte[] {1, 2, 3}, BodyCodec.ZSTD_BODIES_V1))
                .isInstanceOf(IllegalStateException.class);
    }
}
