package dev.sluice.domain.error;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {

    @Test
    void theFirstCauseOfATypeIsFoundHoweverDeepItIsWrapped() {
        TimeoutException timeout = new TimeoutException("slow");
        IllegalStateException wrapped = new IllegalStateException(new CompletionException(
                new UncheckedIOException(new IOException(timeout))));
        assertThat(Failures.find(wrapped, TimeoutException.class)).containsSame(timeout);
        assertThat(Failures.find(wrapped, RuntimeException.class)).containsSame(wrapped);
        assertThat(Failures.find(wrapped, ArithmeticException.class)).isEmpty();
        assertThat(Failures.chain(wrapped)).hasSize(5).first().isSameAs(wrapped);
    }

    @Test
    void aChainThatComesBackOnItselfEnds() {
        IllegalStateException outer = new IllegalStateException("outer");
        IllegalArgumentException inner = new IllegalArgumentException("inner", outer);
        outer.initCause(inner);
        assertThat(Failures.chain(outer)).containsExactly(outer, inner);
        assertThat(Failures.find(outer, ArithmeticException.class)).isEmpty();
    }
}
