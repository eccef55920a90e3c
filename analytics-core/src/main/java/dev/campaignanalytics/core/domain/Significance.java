package dev.campaignanalytics.core.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Whether two rates differ by more than chance would explain: a two-sided two-proportion z-test with a pooled
 * standard error, z = (p₁ − p₂) / √(p̂(1−p̂)(1/n₁ + 1/n₂)) where p̂ = (x₁ + x₂) / (n₁ + n₂).
 *
 * @param z           the test statistic; positive when the first rate is the higher
 * @param pValue      the two-sided p-value
 * @param significant whether {@code pValue < }{@link #ALPHA}
 */
public record Significance(double z, double pValue, boolean significant) {
    /** The significance level: 5 %. */
    public static final double ALPHA = 0.05;

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

    /** {@return the test statistic rounded HALF_UP to 4 places, as shown to people} */
    public BigDecimal roundedZ() {
        return new BigDecimal(z).setScale(4, RoundingMode.HALF_UP);
    }

    /** {@return the p-value rounded HALF_UP to 4 places, as shown to people} */
    public BigDecimal roundedPValue() {
        return new BigDecimal(pValue).setScale(4, RoundingMode.HALF_UP);
    }
}
