package dev.campaignanalytics.core.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Whether a change is larger than chance would explain, as decided by one of two two-sided tests at the 5 % level:
 * <ul>
 *   <li>{@link #test(Rate, Rate)}, for two rates: the two-proportion z-test with a pooled standard error,
 *       z = (p₁ − p₂) / √(p̂(1−p̂)(1/n₁ + 1/n₂)) where p̂ = (x₁ + x₂) / (n₁ + n₂);</li>
 *   <li>{@link #ofCounts(long, long)}, for two counts over periods of equal length: the conditional test of two
 *       Poisson counts (exact binomial up to {@value #EXACT_COUNT_LIMIT} events in both, normal above).</li>
 * </ul>
 * Both have the same shape so that every change is shown alike.
 *
 * @param z           the test statistic; positive when the first value (the current period's) is the higher
 * @param pValue      the two-sided p-value
 * @param significant whether {@code pValue < }{@link #ALPHA}
 */
public record Significance(double z, double pValue, boolean significant) {
    /** The significance level: 5 %. */
    public static final double ALPHA = 0.05;

    /**
     * Up to this many events in both periods together, a count change is tested exactly; above it, by the normal
     * law with continuity correction.
     */
    public static final int EXACT_COUNT_LIMIT = 1_000;

    /**
     * Tests rate {@code a} against rate {@code b}. {@code null} when the test is undefined: either rate has no trials,
     * or the pooled rate is 0 or 1 (nothing varies), or a rate exceeds 1 (more successes than trials).
     *
     * @param a the rate tested, e.g. the current period's
     * @param b the rate it is tested against, e.g. the previous period's
     * @return the two-proportion z-test, or null when undefined
     */
    public static Significance test(Rate a, Rate b) {
        if (!a.isDefined() || !b.isDefined()
                || a.numerator() > a.denominator() || b.numerator() > b.denominator()) {
            return null;
        }
        double n1 = a.denominator();
        double n2 = b.denominator();
        double pooled = (double) (a.numerator() + b.numerator()) / (n1 + n2);
        double variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
        if (!(variance > 0)) {
            return null;
        }
        double z = ((double) a.numerator() / n1 - (double) b.numerator() / n2) / Math.sqrt(variance);
        double p = Normal.twoSidedP(z);
        return new Significance(z, p, p < ALPHA);
    }

    /**
     * Whether a count changed between two periods of equal length by more than chance explains.
     *
     * <p>Model: each count is a Poisson count of events over the same exposure (the same number of calendar days, with
     * the same filters). Under H0 "the event rate did not change", given the total n = current + previous, the current
     * count is Binomial(n, ½). The test is two-sided:
     * <ul>
     *   <li>n ≤ {@value #EXACT_COUNT_LIMIT}: the exact binomial test, p = min(1, 2·P(X ≤ min(current, previous)))
     *       with X ~ Binomial(n, ½), summed in log space (the same p as R's
     *       {@code binom.test(current, n, 0.5)} and {@code poisson.test(c(current, previous))});</li>
     *   <li>n above that: the normal approximation with continuity correction,
     *       p = 2·(1 − Φ((|current − previous| − 1) / √n)), the same statistic as McNemar's test with correction.
     *       At n = 1,000 it is within 6e-5 of the exact p wherever p lies between 0.005 and 0.2, so the switch does not
     *       move a decision by more than rounding.</li>
     * </ul>
     * {@code z} is always the uncorrected standardised difference (current − previous) / √n, in both branches, as a
     * measure of how far apart the counts are; the decision rests on {@code pValue}, which in the exact branch is the
     * exact p and in the normal branch is slightly larger than the p of {@code z} because of the correction.
     *
     * <p>Assumptions a reader should know: the two periods have equal length in calendar days (a report's previous
     * period always does, see {@link DateRange#previous()}), but a day across a daylight-saving change lasts 23 or
     * 25 hours, so the exposures may differ by an hour or two; the test ignores that (at most 1/24 of a one-day
     * period, under 1 % for seven days or more). Events are taken as independent; bursts (one user clicking many
     * times) make real counts vary more than Poisson, so a mark on a large count is optimistic.
     *
     * @param current  the count of the current period, not negative
     * @param previous the count of the previous period of equal length, not negative
     * @return the test, or null when both counts are 0 (nothing to test)
     * @throws IllegalArgumentException when a count is negative
     */
    public static Significance ofCounts(long current, long previous) {
        if (current < 0 || previous < 0) {
            throw new IllegalArgumentException("counts are never negative: " + current + ", " + previous);
        }
        if (current == 0 && previous == 0) {
            return null;
        }
        double n = (double) current + (double) previous;
        double difference = current - previous;
        double z = difference / Math.sqrt(n);
        double p = current <= EXACT_COUNT_LIMIT && previous <= EXACT_COUNT_LIMIT - current
                ? exactTwoSidedHalf((int) current, (int) previous)
                : Normal.twoSidedP(Math.max(0, Math.abs(difference) - 1) / Math.sqrt(n));
        return new Significance(z, p, p < ALPHA);
    }

    /**
     * The exact two-sided binomial p-value for {@code a} successes out of a + b trials when the chance is ½:
     * min(1, 2·Σ_{i ≤ k} C(n, i) / 2ⁿ) with k = min(a, b). The terms C(n, i) grow with i up to n/2, so they are
     * summed relative to the largest, C(n, k), and the logarithm of each comes from the previous one.
     */
    static double exactTwoSidedHalf(int a, int b) {
        int n = a + b;
        int k = Math.min(a, b);
        if (2 * k >= n) {
            return 1.0;
        }
        double[] logC = new double[k + 1];
        for (int i = 0; i < k; i++) {
            logC[i + 1] = logC[i] + Math.log(n - i) - Math.log(i + 1);
        }
        double sum = 0;
        for (int i = k; i >= 0; i--) {
            sum += Math.exp(logC[i] - logC[k]);
        }
        double logP = Math.log(2) + logC[k] + Math.log(sum) - n * Math.log(2);
        return Math.min(1.0, Math.exp(logP));
    }

    /** {@return the test statistic rounded HALF_UP to 4 places, as shown to people} */
    public BigDecimal roundedZ() {
        return new BigDecimal(z).setScale(4, RoundingMode.HALF_UP);
    }

    /** {@return the p-value rounded HALF_UP to 4 places, as shown to people} */
    public BigDecimal roundedPValue() {
        return new BigDecimal(pValue).setScale(4, RoundingMode.HALF_UP);
    }
}
