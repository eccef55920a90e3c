package dev.campaignanalytics.core.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateTest {

    @ParameterizedTest(name = "{0} / {1} = {2} %")
    @CsvSource({
            // exact halves at the third decimal: banker's rounding would round these down to even
            "1, 800, 0.13",     // 0.125
            "5, 800, 0.63",     // 0.625
            "1, 8, 12.50",
            "1, 400, 0.25",
            // halves that double arithmetic stores just below .5 (1.005 is 1.00499999... as a double)
            "201, 20000, 1.01", // 1.005
            "57, 20000, 0.29",  // 0.285
            // beyond the half: only the third decimal decides
            "1, 1600, 0.06",    // 0.0625
            "5, 8000, 0.06",    // 0.0625
            "1, 3, 33.33",
            "2, 3, 66.67",
            "0, 7, 0.00",
            "7, 7, 100.00",
            "3, 2, 150.00"
    })
    void percentIsRoundedHalfUpToTwoPlacesFromTheExactCounts(long numerator, long denominator, String expected) {
        assertThat(Rate.of(numerator, denominator).percent()).isEqualTo(new BigDecimal(expected));
    }

    @Test
    void percentAlwaysHasTwoDecimals() {
        assertThat(Rate.of(1, 2).percent().scale()).isEqualTo(2);
        assertThat(Rate.of(1, 2).percent().toPlainString()).isEqualTo("50.00");
    }

    @Test
    void rateOverAZeroDenominatorIsUndefined() {
        Rate rate = Rate.of(5, 0);

        assertThat(rate.isDefined()).isFalse();
        assertThat(rate.percent()).isNull();
        assertThat(rate.exact()).isNull();
        assertThat(rate.proportion()).isNaN();
    }

    @Test
    void zeroOverZeroIsUndefinedRatherThanZero() {
        assertThat(Rate.of(0, 0).percent()).isNull();
    }

    @Test
    void exactProportionKeepsTheDigitsThatPercentRoundsAway() {
        assertThat(Rate.of(1, 800).exact()).isEqualByComparingTo("0.00125");
        assertThat(Rate.of(1, 800).proportion()).isEqualTo(0.00125);
    }

    @Test
    void negativeCountsAreRefused() {
        assertThatThrownBy(() -> Rate.of(-1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rate.of(1, -10)).isInstanceOf(IllegalArgumentException.class);
    }
}
