package dev.sluice.domain.cache;

import dev.sluice.domain.header.Header;
import dev.sluice.domain.header.Headers;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CachedResponseTest {

    @Test
    void aReplaySaysItsLengthAsTheProvidersAnswerDid() {
        // Found by the cache probe: a MISS had Content-Length, the HIT after it came chunked without one.
        CachedResponse entry = CachedResponse.of(200, new Headers(List.of(new Header("Content-Type", "application/json"),
                new Header("Content-Length", "999"))), "{\"a\":1}".getBytes());
        assertThat(entry.headers().first("content-length")).isEmpty();
        assertThat(entry.replay().headers().first("content-length")).contains("7");
        assertThat(entry.replay().headers().first("content-type")).contains("application/json");
    }

    @Test
    void aNoContentReplayHasNoLength() {
        CachedResponse entry = CachedResponse.of(204, Headers.EMPTY, new byte[0]);
        assertThat(entry.replay().headers().first("content-length")).isEmpty();
    }
}
