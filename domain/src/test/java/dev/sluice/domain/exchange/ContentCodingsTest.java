package dev.sluice.domain.exchange;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContentCodingsTest {

    private static final String TEXT = "{\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}";

    @Test
    void noHeaderAndIdentityAreTheContentAsItIs() {
        assertThat(ContentCodings.identity(null)).isTrue();
        assertThat(ContentCodings.identity("")).isTrue();
        assertThat(ContentCodings.identity("Identity")).isTrue();
        assertThat(ContentCodings.identity("identity, identity")).isTrue();
        assertThat(ContentCodings.identity("gzip")).isFalse();
        assertThat(ContentCodings.identity("identity, br")).isFalse();
    }

    @Test
    void gzipAndItsAliasDecode() throws IOException {
        assertThat(read("gzip", gzip(bytes(TEXT)))).isEqualTo(TEXT);
        assertThat(read("X-GZIP", gzip(bytes(TEXT)))).isEqualTo(TEXT);
    }

    @Test
    void deflateDecodesInZlibsFormatAndRaw() throws IOException {
        assertThat(read("deflate", deflate(bytes(TEXT), false))).isEqualTo(TEXT);
        assertThat(read("deflate", deflate(bytes(TEXT), true))).isEqualTo(TEXT);
    }

    @Test
    void codingsAppliedInTurnAreUndoneInReverse() throws IOException {
        assertThat(read("deflate, gzip", gzip(deflate(bytes(TEXT), false)))).isEqualTo(TEXT);
        assertThat(read("gzip, identity", gzip(bytes(TEXT)))).isEqualTo(TEXT);
    }

    @Test
    void codingsNotReadHereAndBodiesNotInTheirCodingAreNotRead() {
        assertThat(ContentCodings.decoding("br", bytes(TEXT))).isEmpty();
        assertThat(ContentCodings.decoding("gzip, zstd", bytes(TEXT))).isEmpty();
        assertThat(ContentCodings.decoding("gzip", bytes(TEXT))).as("plain text marked gzip").isEmpty();
        assertThat(ContentCodings.decoding("gzip", new byte[0])).isEmpty();
    }

    @Test
    void aBodyCutShortReadsToTheCutAndThenFails() throws IOException {
        String long_ = TEXT.repeat(200);
        byte[] coded = gzip(bytes(long_));
        byte[] cut = Arrays.copyOf(coded, coded.length / 2);
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try (InputStream in = ContentCodings.decoding("gzip", cut).orElseThrow()) {
            assertThatThrownBy(() -> in.transferTo(read)).isInstanceOf(IOException.class);
        }
        assertThat(read.size()).isPositive();
        assertThat(long_).startsWith(read.toString(StandardCharsets.UTF_8));
    }

    private static String read(String coding, byte[] body) throws IOException {
        Optional<InputStream> decoding = ContentCodings.decoding(coding, body);
        assertThat(decoding).as(coding).isPresent();
        try (InputStream in = decoding.get()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(content);
        }
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] content, boolean raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
        try (DeflaterOutputStream deflating = new DeflaterOutputStream(out, deflater)) {
            deflating.write(content);
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }
}
