package dev.campaignanalytics.core.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.math.RoundingMode;

import static org.assertj.core.api.Assertions.assertThat;

class PeriodChangeTest {

    @ParameterizedTest(name = "{1} -> {0} is {2} %")
    @CsvSource({
            "150, 100, 50.00",
            "80, 100, -20.00",
            "0, 5, -100.00",
            "5, 5, 0.00",
            "9, 8, 12.50",
            "7, 8, -12.50",
            "801, 800, 0.13",    // +0.125: half up, not to even
            "799, 800, -0.13",   // -0.125: the half goes away from zero
            "4, 3, 33.33",
            "1, 3, -66.67",
            "300, 100, 200.00"
    })
    void changeIsCurrentMinusPreviousOverPreviousInPercentRoundedHalfUp(long current, long previous,
                                                                         String expected) {
        assertThat(PeriodChange.relative(current, previous)).isEqualTo(new BigDecimal(expected));
    }

    @Test
    void changeFromZeroIsUndefined() {
        assertThat(PeriodChange.relative(5, 0)).isNull();
    }

    @Test
    void changeFromZeroToZeroIsUndefinedNotZero() {
        assertThat(PeriodChange.relative(0, 0)).isNull();
    }

    @Test
    void betweenComputesEveryCountSeparately() {
        PeriodChange change = PeriodChange.between(new Counts(200, 90, 10, 0), new Counts(100, 100, 0, 0));

        assertThat(change.impressions()).isEqualTo(new BigDecimal("100.00"));
        assertThat(change.views()).isEqualTo(new BigDecimal("-10.00"));
        assertThat(change.clicks()).isNull();
        assertThat(change.conversions()).isNull();
    }

    @Test
    void ctrChangeIsComputedFromTheExactRatesNotFromTheRoundedOnes() {
        // Current CTR 1/800 = 0.125 % (shown 0.13), previous 1/1000 = 0.100 % (shown 0.10).
        Counts current = new Counts(0, 800, 1, 0);
        Counts previous = new Counts(0, 1000, 1, 0);
        BigDecimal fromRounded = current.clickThroughRate().percent()
                .subtract(previous.clickThroughRate().percent()).multiply(BigDecimal.valueOf(100))
                .divide(previous.clickThroughRate().percent(), 2, RoundingMode.HALF_UP);

        BigDecimal change = PeriodChange.between(current, previous).clickThroughRate();

        assertThat(fromRounded).as("the wrong answer that rounded rates give").isEqualTo(new BigDecimal("30.00"));
        assertThat(change).isEqualTo(new BigDecimal("25.00"));
    }

    @Test
    void conversionRateChangeIsComputedFromTheExactRates() {
        // Current 1/3 = 33.333.. % (shown 33.33), previous 1/4 = 25 %: exactly +33.33.. %, not (33.33-25)/25 = 33.32.
        Counts current = new Counts(0, 0, 3, 1);
        Counts previous = new Counts(0, 0, 4, 1);

        assertThat(PeriodChange.between(current, previous).conversionRate()).isEqualTo(new BigDecimal("33.33"));
        assertThat(PeriodChange.relative(Rate.of(2, 3), Rate.of(1, 2))).isEqualTo(new BigDecimal("33.33"));
        assertThat(PeriodChange.relative(Rate.of(1, 6), Rate.of(1, 3))).isEqualTo(new BigDecimal("-50.00"));
    }

    @Test
    void ctrChangeIsUndefinedWhenEitherCtrIsUndefined() {
        assertThat(PeriodChange.between(new Counts(0, 0, 0, 0), new Counts(0, 10, 1, 0)).clickThroughRate())
                .isNull();
        assertThat(PeriodChange.between(new Counts(0, 10, 1, 0), new Counts(0, 0, 0, 0)).clickThroughRate())
                .isNull();
    }

    @Test
    void ctrChangeIsUndefinedWhenThePreviousCtrIsZero() {
        assertThat(PeriodChange.between(new Counts(0, 10, 5, 0), new Counts(0, 10, 0, 0)).clickThroughRate())
                .isNull();
    }

    @Test
    void ctrChangeToZeroIsMinusOneHundred() {
        assertThat(PeriodChange.between(new Counts(0, 10, 0, 0), new Counts(0, 10, 5, 0)).clickThroughRate())
                .isEqualTo(new BigDecimal("-100.00"));
    }
}
