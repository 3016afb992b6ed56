package dev.sluice.application.log;

import dev.sluice.domain.chat.ErrorEventScanner;
import dev.sluice.domain.exchange.Bodies;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ObservedBodyTest {

    private static final ErrorEventScanner NOT_A_STREAM = ErrorEventScanner.forContentType("application/octet-stream");

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 7 + i / 251);
        }
        return bytes;
    }

    /** Reads the body in chunks of the given sizes; returns what the reader got and what the log saw. */
    private static ObservedBody.Seen observe(byte[] body, int maxHead, int chunk, ByteArrayOutputStream received)
            throws Exception {
        return observe(body, maxHead, chunk, received, NOT_A_STREAM);
    }

    private static ObservedBody.Seen observe(byte[] body, int maxHead, int chunk, ByteArrayOutputStream received,
                                             ErrorEventScanner errors) throws Exception {
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < body.length; i += chunk) {
            chunks.add(Arrays.copyOfRange(body, i, Math.min(body.length, i + chunk)));
        }
        AtomicReference<ObservedBody.Seen> seen = new AtomicReference<>();
        ObservedBody observed = new ObservedBody(subscriber -> {
            subscriber.onSubscribe(new Flow.Subscription() {
                int next;

                @Override
                public void request(long n) {
                    while (n-- > 0 && next < chunks.size()) {
                        subscriber.onNext(chunks.get(next++));
                    }
                    if (next == chunks.size()) {
                        next++;
                        subscriber.onComplete();
                    }
                }

                @Override
                public void cancel() {
                }
            });
        }, maxHead, errors, seen::set);
        byte[] all = Bodies.collect(observed, Long.MAX_VALUE).toCompletableFuture().get();
        received.write(all);
        return seen.get();
    }

    @Test
    void everyChunkOfAStreamIsReadForErrorEventsAsItPasses() throws Exception {
        String chunk = "data: {\"choices\":[{\"delta\":{\"content\":\"" + "x".repeat(100) + "\"}}]}\n\n";
        byte[] stream = (chunk.repeat(20) + "data: {\"error\":{\"message\":\"overloaded\"}}\n\n" + chunk.repeat(20)
                + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);
        ErrorEventScanner errors = ErrorEventScanner.forContentType("text/event-stream");
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        ObservedBody.Seen seen = observe(stream, 64, 7, received, errors);
        assertThat(received.toByteArray()).isEqualTo(stream);
        assertThat(new String(seen.head(), StandardCharsets.UTF_8)).doesNotContain("error");
        assertThat(errors.foundError()).isTrue();
    }

    @Test
    void aSmallBodyIsSeenWholeAndPassedOnUnchanged() throws Exception {
        byte[] body = bytes(1000);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        ObservedBody.Seen seen = observe(body, 4096, 100, received);
        assertThat(received.toByteArray()).isEqualTo(body);
        assertThat(seen.complete()).isTrue();
        assertThat(seen.clean()).isTrue();
        assertThat(seen.head()).isEqualTo(body);
        assertThat(seen.forUsage()).isEqualTo(body);
        assertThat(seen.size()).isEqualTo(1000);
    }

    @Test
    void aLargeBodyKeepsItsHeadAndItsLastBytesWhateverTheChunking() throws Exception {
        byte[] body = bytes(300_000);
        for (int chunk : new int[] {1, 999, 8192, 70_000, 300_000}) {
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            ObservedBody.Seen seen = observe(body, 100_000, chunk, received);
            assertThat(received.toByteArray()).isEqualTo(body);
            assertThat(seen.complete()).isFalse();
            assertThat(seen.size()).isEqualTo(300_000);
            assertThat(seen.head()).isEqualTo(Arrays.copyOf(body, 100_000));
            assertThat(seen.tail()).as("chunks of " + chunk)
                    .isEqualTo(Arrays.copyOfRange(body, body.length - KeptBytes.TAIL, body.length));
        }
        ObservedBody.Seen justOver = observe(bytes(101_000), 100_000, 4096, new ByteArrayOutputStream());
        assertThat(justOver.tail()).isEqualTo(Arrays.copyOfRange(bytes(101_000), 101_000 - KeptBytes.TAIL, 101_000));
    }

    @Test
    void aBodyNobodyReadsIsReportedOnceAsUnread() {
        List<ObservedBody.Seen> seen = new ArrayList<>();
        ObservedBody observed = new ObservedBody(new SubmissionPublisher<>(), 10, NOT_A_STREAM, seen::add);
        assertThat(observed.abandonIfUnread()).isTrue();
        assertThat(observed.abandonIfUnread()).isFalse();
        assertThat(seen).containsExactly(ObservedBody.Seen.NOTHING);
        assertThat(Bodies.collect(observed, Long.MAX_VALUE).toCompletableFuture())
                .as("a body given up cannot be read after all").failsWithin(java.time.Duration.ofSeconds(1));
        assertThat(seen).hasSize(1);
    }
}
