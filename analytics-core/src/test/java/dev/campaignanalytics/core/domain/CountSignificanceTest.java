package dev.campaignanalytics.core.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

/**
 * The test of a count's change between two periods of equal length ({@link Significance#ofCounts(long, long)}).
 *
 * <p>Where the expected values come from:
 * <ul>
 *   <li>exact branch: 2·Σ_{i ≤ k} C(n, i) / 2ⁿ worked out by hand for small n (shown in each test), and for larger
 *       n in exact rational arithmetic (Python's {@code fractions.Fraction} and {@code math.comb}), which is what R's
 *       {@code binom.test(a, a + b, 0.5)} computes; {@code binom.test(7, 10)} giving p = 0.3438 is also the value
 *       R prints for that call;</li>
 *   <li>normal branch: 2·(1 − Φ((|a − b| − 1)/√(a + b))) evaluated with Python's {@code math.erfc} (double
 *       precision), the continuity-corrected statistic of McNemar's test ({@code mcnemar.test} in R).</li>
 * </ul>
 */
class CountSignificanceTest {

    @Test
    void sevenAgainstThreeIsNotSignificantWithTheExactP() {
        // 2·(C(10,0) + C(10,1) + C(10,2) + C(10,3)) / 2¹⁰ = 2·176/1024 = 0.34375; R: binom.test(7, 10) p = 0.3438
        Significance s = Significance.ofCounts(7, 3);

        assertThat(s.pValue()).isCloseTo(0.34375, within(1e-12));
        assertThat(s.significant()).isFalse();
        assertThat(s.z()).isCloseTo(4 / Math.sqrt(10), within(1e-12));
    }

    @Test
    void sixAgainstThreeGivesTheHandWorkedExactP() {
        // 2·(1 + 9 + 36 + 84) / 2⁹ = 260/512 = 0.5078125
        assertThat(Significance.ofCounts(6, 3).pValue()).isCloseTo(0.5078125, within(1e-12));
    }

    @Test
    void nothingAgainstFiveIsNotYetSignificantButNothingAgainstSixIs() {
        // 2/2⁵ = 0.0625 and 2/2⁶ = 0.03125: a drop from 5 to 0 could still be chance
        Significance five = Significance.ofCounts(0, 5);
        Significance six = Significance.ofCounts(0, 6);

        assertThat(five.pValue()).isCloseTo(0.0625, within(1e-12));
        assertThat(five.significant()).isFalse();
        assertThat(five.z()).isCloseTo(-Math.sqrt(5), within(1e-12));
        assertThat(six.pValue()).isCloseTo(0.03125, within(1e-12));
        assertThat(six.significant()).isTrue();
    }

    @Test
    void sixtyClicksAgainstThirtyIsSignificant() {
        // Fraction: 2·Σ_{i ≤ 30} C(90, i) / 2⁹⁰ = 0.002060265680963076
        Significance s = Significance.ofCounts(60, 30);

        assertThat(s.pValue()).isCloseTo(0.002060265680963076, withPercentage(1e-7));
        assertThat(s.significant()).isTrue();
        assertThat(s.roundedZ()).isEqualByComparingTo("3.1623");
        assertThat(s.roundedPValue()).isEqualByComparingTo("0.0021");
    }

    @Test
    void aDropJustShortOfTheLevelIsNotSignificantAtTheExactLimit() {
        // Fraction: 2·Σ_{i ≤ 469} C(1000, i) / 2¹⁰⁰⁰ = 0.053677849645010205 (n = 1,000: still exact)
        Significance s = Significance.ofCounts(469, 531);

        assertThat(s.pValue()).isCloseTo(0.053677849645010205, withPercentage(1e-7));
        assertThat(s.significant()).isFalse();
        assertThat(s.z()).isNegative();
    }

    @Test
    void theExactTailStaysFiniteWhenItIsTiny() {
        // 2·1/2¹⁰⁰⁰ = 2⁻⁹⁹⁹ = 1.8665272370064378e-301, near the smallest normal double
        Significance s = Significance.ofCounts(0, 1000);

        assertThat(s.pValue()).isCloseTo(1.8665272370064378e-301, withPercentage(1e-7));
        assertThat(s.significant()).isTrue();
    }

    @Test
    void aboveTheExactLimitTheNormalLawWithContinuityCorrectionDecides() {
        // n = 11,000: 2·(1 − Φ(199/√11000)) = 0.057776411586558836; z = 200/√11000 = 1.9069
        Significance s = Significance.ofCounts(5600, 5400);

        assertThat(s.pValue()).isCloseTo(0.057776411586558836, withPercentage(1e-4));
        assertThat(s.roundedZ()).isEqualByComparingTo("1.9069");
        assertThat(s.significant()).isFalse();
    }

    @Test
    void theSwitchToTheNormalLawMovesThePByLessThanRounding() {
        // just past the limit, every split whose exact p matters is within 6e-5 of its approximation
        int n = Significance.EXACT_COUNT_LIMIT + 1;
        double worst = 0;
        for (int a = 0; a <= n / 2; a++) {
            double exact = Significance.exactTwoSidedHalf(a, n - a);
            if (exact > 0.005 && exact < 0.2) {
                worst = Math.max(worst, Math.abs(exact - Significance.ofCounts(a, n - a).pValue()));
            }
        }
        assertThat(worst).isPositive().isLessThan(6e-5);
    }

    @Test
    void equalCountsAreNeverSignificant() {
        for (long count : new long[]{1, 3, 300, 1000, 5000, 1_000_000_000L}) {
            Significance s = Significance.ofCounts(count, count);
            assertThat(s.pValue()).as("%d against itself", count).isEqualTo(1.0);
            assertThat(s.z()).isZero();
            assertThat(s.significant()).isFalse();
        }
    }

    @Test
    void oneAgainstNothingIsATestNotAnError() {
        Significance s = Significance.ofCounts(1, 0);

        assertThat(s.pValue()).isEqualTo(1.0);
        assertThat(s.z()).isEqualTo(1.0);
        assertThat(s.significant()).isFalse();
    }

    @Test
    void nothingAgainstNothingIsUntestable() {
        assertThat(Significance.ofCounts(0, 0)).isNull();
    }

    @Test
    void swappingThePeriodsKeepsThePAndFlipsTheSignOfZ() {
        long[][] pairs = {{7, 3}, {0, 5}, {60, 30}, {469, 531}, {5600, 5400}, {1_000_100_000L, 1_000_000_000L}};
        for (long[] pair : pairs) {
            Significance forth = Significance.ofCounts(pair[0], pair[1]);
            Significance back = Significance.ofCounts(pair[1], pair[0]);
            assertThat(back.pValue()).as("%d vs %d", pair[0], pair[1]).isEqualTo(forth.pValue());
            assertThat(back.z()).isEqualTo(-forth.z());
            assertThat(back.significant()).isEqualTo(forth.significant());
        }
    }

    @Test
    void billionsOfEventsNeitherOverflowNorGiveNaN() {
        // 2·(1 − Φ(99999/√2000100000)) = 0.025352444695955958; 2·(1 − Φ(49999/√2000050000)) = 0.26356799567527683
        Significance up = Significance.ofCounts(1_000_100_000L, 1_000_000_000L);
        Significance less = Significance.ofCounts(1_000_050_000L, 1_000_000_000L);

        assertThat(up.pValue()).isCloseTo(0.025352444695955958, withPercentage(1e-4));
        assertThat(up.significant()).isTrue();
        assertThat(up.roundedZ()).isEqualByComparingTo("2.2360");
        assertThat(less.pValue()).isCloseTo(0.26356799567527683, withPercentage(1e-4));
        assertThat(less.significant()).isFalse();
        Significance huge = Significance.ofCounts(Long.MAX_VALUE, Long.MAX_VALUE - 1);
        assertThat(huge.pValue()).isBetween(0.0, 1.0);
        assertThat(huge.z()).isFinite();
        Significance oneSided = Significance.ofCounts(Long.MAX_VALUE, 0);
        assertThat(oneSided.pValue()).isZero();
        assertThat(oneSided.z()).isFinite().isPositive();
        assertThat(oneSided.significant()).isTrue();
    }

    @Test
    void aNegativeCountIsRefused() {
        assertThatThrownBy(() -> Significance.ofCounts(-1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Significance.ofCounts(5, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCountChangesOfAReportAreTestedCurrentAgainstPrevious() {
        Counts now = new Counts(750, 300, 60, 6);
        Counts before = new Counts(600, 300, 30, 3);
        CampaignReport report = new CampaignReport(null, null, new Summary(now, null, null), List.of(),
                new Summary(before, null, null), PeriodChange.between(now, before));

        assertThat(report.clicksSignificance().significant()).isTrue();
        assertThat(report.clicksSignificance().z()).isPositive();
        assertThat(report.viewsSignificance().pValue()).isEqualTo(1.0);
        assertThat(report.conversionsSignificance().pValue()).isCloseTo(0.5078125, within(1e-12));
        // 2·(1 − Φ(149/√1350)) = 5.007720702184694e-05
        assertThat(report.impressionsSignificance().pValue()).isCloseTo(5.007720702184694e-05, withPercentage(1e-4));
        assertThat(report.impressionsSignificance().significant()).isTrue();
    }
}
