package dev.sluice.domain.number;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WholeNumbersTest {

    @Test
    void onlyAsciiDigitsWithAnOptionalMinusAreAWholeNumber() {
        assertThat(WholeNumbers.isWritten("0")).isTrue();
        assertThat(WholeNumbers.isWritten("600000")).isTrue();
        assertThat(WholeNumbers.isWritten("-5")).isTrue();
        for (String not : new String[] {"", "-", "+5", "5 ", "1.5", "1e3", "\u0661\u0660\u0660\u0660", "\uFF16\uFF10\uFF10",
                "--1", "1-"}) {
            assertThat(WholeNumbers.isWritten(not)).as(not).isFalse();
        }
    }
}
