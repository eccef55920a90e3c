package dev.campaignanalytics.example;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** The core's metric maths, called as plain functions on counts, with no database anywhere. */
class VariantVerdictTest {
    @Test
    void aClearlyBetterVariantIsSignificantWithItsChangeAndInterval() {
        VariantVerdict v = VariantVerdict.compare(1, 800, 40, 1000);

        assertThat(v.ctrA()).isEqualByComparingTo(new BigDecimal("0.13"));
        // (40/1000 - 1/800) / (1/800) = 3100 %
        assertThat(v.change()).isEqualByComparingTo(new BigDecimal("3100.00"));
        assertThat(v.ctrBLow()).isLessThan(new BigDecimal("4.00"));
        assertThat(v.ctrBHigh()).isGreaterThan(new BigDecimal("4.00"));
        assertThat(v.significant()).isTrue();
    }

    @Test
    void withoutViewsTheRateAndItsChangeAreUndefinedAndNothingIsSignificant() {
        VariantVerdict v = VariantVerdict.compare(0, 0, 3, 100);

        assertThat(v.ctrA()).isNull();
        assertThat(v.change()).isNull();
        assertThat(v.significant()).isFalse();
    }
}
