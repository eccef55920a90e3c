package dev.campaignanalytics.core.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The significance maths checked against published worked examples.
 *
 * <p>Wilson intervals: R. G. Newcombe, "Two-sided confidence intervals for the single proportion: comparison of
 * seven methods", Statistics in Medicine 17 (1998), Table I, method 3 (score interval without continuity
 * correction). Two-proportion z-tests: textbook exercises with their published solutions, cited per test.
 */
class SignificanceWorkedExamplesTest {

    @Test
    void wilsonIntervalOf81OutOf263MatchesNewcombe() {
        WilsonInterval ci = WilsonInterval.of95(Rate.of(81, 263));
        assertThat(ci.lower()).isCloseTo(0.2553, within(0.00005));
        assertThat(ci.upper()).isCloseTo(0.3662, within(0.00005));
        assertThat(ci.lowerPercent()).isEqualByComparingTo("25.53");
        assertThat(ci.upperPercent()).isEqualByComparingTo("36.62");
    }

    @Test
    void wilsonIntervalOf15OutOf148MatchesNewcombe() {
        WilsonInterval ci = WilsonInterval.of95(Rate.of(15, 148));
        assertThat(ci.lower()).isCloseTo(0.0624, within(0.00005));
        assertThat(ci.upper()).isCloseTo(0.1605, within(0.00005));
    }

    @Test
    void wilsonIntervalOfZeroOutOf20StartsAtZeroAsInNewcombe() {
        WilsonInterval ci = WilsonInterval.of95(Rate.of(0, 20));
        assertThat(ci.lower()).isEqualTo(0.0);
        assertThat(ci.upper()).isCloseTo(0.1611, within(0.00005));
    }

    @Test
    void wilsonIntervalOf1OutOf29MatchesNewcombe() {
        WilsonInterval ci = WilsonInterval.of95(Rate.of(1, 29));
        assertThat(ci.lower()).isCloseTo(0.0061, within(0.00005));
        assertThat(ci.upper()).isCloseTo(0.1718, within(0.00005));
    }

    @Test
    void wilsonIntervalIsUndefinedWithoutTrials() {
        assertThat(WilsonInterval.of95(Rate.of(0, 0))).isNull();
    }

    @Test
    void wilsonIntervalIsUndefinedForMoreSuccessesThanTrialsWhichNoIntervalUpTo100PercentCouldHold() {
        // 30 clicks on 20 views show as 150.00 %; an interval bounded at 100 % would sit beside it and exclude it
        assertThat(Rate.of(30, 20).percent()).isEqualByComparingTo("150.00");
        assertThat(WilsonInterval.of95(Rate.of(30, 20))).isNull();
        assertThat(WilsonInterval.of95(Rate.of(21, 20))).isNull();
        assertThat(WilsonInterval.of95(Rate.of(20, 20))).isNotNull();
    }

    @Test
    void wilsonIntervalStaysWithinZeroAndOneWhenEverythingSucceeds() {
        WilsonInterval ci = WilsonInterval.of95(Rate.of(20, 20));
        assertThat(ci.upper()).isEqualTo(1.0);
        assertThat(ci.lower()).isCloseTo(1 - 0.1611, within(0.00005));
    }

    /**
     * Agresti &amp; Franklin, Statistics: The Art and Science of Learning from Data, the aspirin and cancer deaths
     * exercise: placebo 347/11,535 against aspirin 327/14,035. The book rounds to p̂ = 0.027, se = 0.002, z ≈ 3.5;
     * unrounded, z = 3.369 and the two-sided P-value is 0.00075: a significant difference.
     */
    @Test
    void aspirinStudyDifferenceIsSignificant() {
        Significance s = Significance.test(Rate.of(347, 11_535), Rate.of(327, 14_035));
        assertThat(s.z()).isCloseTo(3.3693, within(0.0005));
        assertThat(s.pValue()).isCloseTo(0.000754, within(0.000005));
        assertThat(s.significant()).isTrue();
    }

    /**
     * A two-proportion exercise with published solution: x₁ = 28 of n₁ = 254 against x₂ = 36 of n₂ = 301 at α = 0.05
     * gives z = −0.344 and a two-tailed P-value of 0.7307: not significant.
     */
    @Test
    void smallDifferenceOn28Of254Against36Of301IsNotSignificant() {
        Significance s = Significance.test(Rate.of(28, 254), Rate.of(36, 301));
        assertThat(s.z()).isCloseTo(-0.3441, within(0.0005));
        assertThat(s.roundedPValue()).isEqualByComparingTo(new BigDecimal("0.7307"));
        assertThat(s.roundedZ()).isEqualByComparingTo(new BigDecimal("-0.3441"));
        assertThat(s.significant()).isFalse();
    }

    /**
     * A two-proportion exercise with published solution: 9 of 31 against 8 of 30 gives pooled p = 0.2787,
     * se = 0.1148, z = 0.2060 and P = 0.8368.
     */
    @Test
    void nineOf31Against8Of30MatchesThePublishedSolution() {
        Significance s = Significance.test(Rate.of(9, 31), Rate.of(8, 30));
        assertThat(s.z()).isCloseTo(0.2060, within(0.00005));
        assertThat(s.roundedZ()).isEqualByComparingTo(new BigDecimal("0.2060"));
        assertThat(s.roundedPValue()).isEqualByComparingTo(new BigDecimal("0.8368"));
    }

    @Test
    void testIsUndefinedWhenEitherRateHasNoTrialsOrNothingVaries() {
        assertThat(Significance.test(Rate.of(0, 0), Rate.of(1, 10))).isNull();
        assertThat(Significance.test(Rate.of(0, 10), Rate.of(0, 50))).isNull();
        assertThat(Significance.test(Rate.of(10, 10), Rate.of(50, 50))).isNull();
    }

    @Test
    void twoSidedPOfTheCriticalValueIsFivePercent() {
        assertThat(Normal.twoSidedP(Normal.Z_95)).isCloseTo(0.05, within(1e-7));
        assertThat(Normal.twoSidedP(0)).isEqualTo(1.0, within(1e-7));
        assertThat(Normal.twoSidedP(-2.5758293035489)).isCloseTo(0.01, within(1e-7));
    }
}
