package dev.sluice.application.log;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class CodedAnswersTest {

    private static final String ANSWER = "{\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}";

    @Test
    void aWholeCodedAnswerDecodesWhole() throws IOException {
        byte[] coded = gzip(ANSWER);
        ObservedBody.Seen seen = new ObservedBody.Seen(coded, true, coded, coded.length, true);

        ObservedBody.Seen decoded = CodedAnswers.decoded(seen, "gzip", 1024);

        assertThat(text(decoded.head())).isEqualTo(ANSWER);
        assertThat(decoded.complete()).isTrue();
        assertThat(text(decoded.forUsage())).isEqualTo(ANSWER);
        assertThat(decoded.clean()).isTrue();
    }

    @Test
    void anAnswerNotCodedOrInACodingNotReadIsAsItWas() {
        byte[] plain = ANSWER.getBytes(StandardCharsets.UTF_8);
        ObservedBody.Seen seen = new ObservedBody.Seen(plain, true, plain, plain.length, true);

        assertThat(CodedAnswers.decoded(seen, null, 1024)).isSameAs(seen);
        assertThat(CodedAnswers.decoded(seen, "identity", 1024)).isSameAs(seen);
        assertThat(CodedAnswers.decoded(seen, "br", 1024)).isSameAs(seen);
        assertThat(CodedAnswers.decoded(seen, "gzip", 1024)).as("not gzip after all").isSameAs(seen);
        assertThat(CodedAnswers.decoded(seen, "deflate", 1024)).as("not deflate after all").isSameAs(seen);
    }

    @Test
    void aDecodedAnswerLongerThanTheLogKeepsItsHeadAndItsEndForTheUsage() throws IOException {
        String padding = "x".repeat(KeptBytes.TAIL * 2);
        String answer = "{\"text\":\"" + padding + "\",\"usage\":{\"prompt_tokens\":3}}";
        byte[] coded = gzip(answer);
        ObservedBody.Seen seen = new ObservedBody.Seen(coded, true, coded, coded.length, true);

        ObservedBody.Seen decoded = CodedAnswers.decoded(seen, "gzip", 100);

        assertThat(text(decoded.head())).isEqualTo(answer.substring(0, 100));
        assertThat(decoded.complete()).isFalse();
        assertThat(decoded.size()).isEqualTo(answer.length());
        assertThat(text(decoded.forUsage())).isEqualTo(answer.substring(answer.length() - KeptBytes.TAIL));
    }

    @Test
    void aCodedAnswerTheLogKeptCutDecodesItsHeadAndHasNoKnownEnd() throws IOException {
        String answer = ANSWER.repeat(500);
        byte[] coded = gzip(answer);
        byte[] head = Arrays.copyOf(coded, coded.length / 2);
        ObservedBody.Seen seen = new ObservedBody.Seen(head, false, Arrays.copyOfRange(coded, 10, coded.length),
                coded.length, true);

        ObservedBody.Seen decoded = CodedAnswers.decoded(seen, "gzip", 1_000_000);

        assertThat(decoded.head().length).isPositive();
        assertThat(answer).startsWith(text(decoded.head()));
        assertThat(decoded.complete()).isFalse();
        assertThat(decoded.forUsage()).isEmpty();
    }

    @Test
    void anAnswerThatInflatesPastTheMostIsReadAsCut() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            byte[] zeros = new byte[1 << 20];
            for (long written = 0; written <= CodedAnswers.MOST; written += zeros.length) {
                out.write(zeros);
            }
        }
        byte[] coded = bytes.toByteArray();
        ObservedBody.Seen seen = new ObservedBody.Seen(coded, true, coded, coded.length, true);

        ObservedBody.Seen decoded = CodedAnswers.decoded(seen, "gzip", 1000);

        assertThat(decoded.head()).hasSize(1000);
        assertThat(decoded.complete()).isFalse();
        assertThat(decoded.forUsage()).isEmpty();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
