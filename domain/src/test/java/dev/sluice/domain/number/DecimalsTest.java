package dev.sluice.domain.number;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class DecimalsTest {

    @Test
    void wholeTensAreWrittenPlainlyAndFractionsLoseOnlyTheirTrailingZeros() {
        assertThat(Decimals.trimmed(new BigDecimal("90.000")).toString()).isEqualTo("90");
        assertThat(Decimals.trimmed(new BigDecimal("1000000.0000000000")).toString()).isEqualTo("1000000");
        assertThat(Decimals.trimmed(new BigDecimal("0.0012300000")).toString()).isEqualTo("0.00123");
        assertThat(Decimals.trimmed(BigDecimal.ZERO.setScale(10)).toString()).isEqualTo("0");
    }
}
