package dev.campaignanalytics.core.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The Wilson score interval of a proportion: where the true rate plausibly lies given the observed counts. Unlike
 * the naive ±1.96·SE interval, it stays inside 0..100 % and behaves at 0 successes and small samples.
 *
 * @param lower the lower bound, as a proportion (0..1)
 * @param upper the upper bound, as a proportion (0..1)
 */
public record WilsonInterval(double lower, double upper) {

    /**
     * The 95 % interval of a rate; {@code null} when the rate is undefined (no trials) or above 1.
     *
     * @param rate the observed rate
     * @return the interval at z = 1.96, or null when the rate has no trials or more successes than trials
     */
    public static WilsonInterval of95(Rate rate) {
        return of(rate, Normal.Z_95);
    }

    /**
     * The interval at critical value {@code z}: centre (p̂ + z²/2n) / (1 + z²/n), half-width
     * z·√(p̂(1−p̂)/n + z²/4n²) / (1 + z²/n). {@code null} when the rate is undefined, and when it is above 1: more
     * successes than trials (clicks without views, possible when events arrive out of funnel order) are not a
     * proportion of those trials, so no interval of one says anything about them, and a bounded one (at most 100 %)
     * would exclude the very rate it stands beside. {@link Significance} refuses such rates the same way.
     *
     * @param rate the observed rate
     * @param z the critical value, e.g. 1.96 for 95 %
     * @return the interval, bounds as proportions (0..1), or null when the rate has no trials or is above 1
     */
    public static WilsonInterval of(Rate rate, double z) {
        if (!rate.isDefined() || rate.numerator() > rate.denominator()) {
            return null;
        }
        double n = rate.denominator();
        double p = (double) rate.numerator() / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        return new WilsonInterval(Math.max(0.0, centre - half), Math.min(1.0, centre + half));
    }

    /** {@return the lower bound in percent, rounded HALF_UP to 2 places} */
    public BigDecimal lowerPercent() {
        return percent(lower);
    }

    /** {@return the upper bound in percent, rounded HALF_UP to 2 places} */
    public BigDecimal upperPercent() {
        return percent(upper);
    }

    private static BigDecimal percent(double proportion) {
        return new BigDecimal(proportion).movePointRight(2).setScale(Rate.SCALE, RoundingMode.HALF_UP);
    }
}
