package dev.campaignanalytics.core.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A proportion of two exact counts, such as clicks out of views. It keeps both counts, so that it is always
 * computed from them and never from another rounded rate. A rate over a zero denominator is undefined.
 *
 * @param numerator the count of successes, e.g. clicks; at least 0
 * @param denominator the count of trials the rate divides by, e.g. views; at least 0, 0 makes it undefined
 */
public record Rate(long numerator, long denominator) {
    /** Rates are shown in percent with two decimals, rounded half up (0.125 % shows as 0.13). */
    public static final int SCALE = 2;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /**
     * Refuses negative counts; a numerator above the denominator is allowed (events may arrive out of funnel order).
     *
     * @param numerator the count of successes, e.g. clicks; at least 0
     * @param denominator the count of trials the rate divides by, e.g. views; at least 0, 0 makes it undefined
     */
    public Rate {
        if (numerator < 0 || denominator < 0) {
            throw new IllegalArgumentException("a rate's counts are never negative");
        }
    }

    /**
     * The rate {@code numerator / denominator}, e.g. {@code Rate.of(clicks, views)} for the click-through rate.
     *
     * @param numerator the count of successes, e.g. clicks
     * @param denominator the count divided by, e.g. views
     * @return the rate; undefined when the denominator is 0
     */
    public static Rate of(long numerator, long denominator) {
        return new Rate(numerator, denominator);
    }

    /** {@return whether the rate has a value: false when the denominator is 0} */
    public boolean isDefined() {
        return denominator != 0;
    }

    /** {@return the rate in percent, rounded HALF_UP to 2 places; {@code null} when undefined} */
    public BigDecimal percent() {
        if (!isDefined()) {
            return null;
        }
        return BigDecimal.valueOf(numerator).multiply(HUNDRED)
                .divide(BigDecimal.valueOf(denominator), SCALE, RoundingMode.HALF_UP);
    }

    /**
     * {@return the proportion (0..1 for a funnel step, possibly more) with 34 significant digits; {@code null} when
     * undefined}
     */
    public BigDecimal exact() {
        if (!isDefined()) {
            return null;
        }
        return BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), MathContext.DECIMAL128);
    }

    /** {@return the proportion as a double, for statistics; NaN when undefined} */
    public double proportion() {
        return isDefined() ? (double) numerator / denominator : Double.NaN;
    }
}
