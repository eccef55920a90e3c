package dev.campaignanalytics.core.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How the current period compares with the previous one: the relative change in percent,
 * (current − previous) / previous × 100, rounded HALF_UP to 2 places. Each change is {@code null} when it is
 * undefined, which is whenever the previous value is 0.
 *
 * <p>The rate changes are computed from the exact rates, never from rounded ones. A rate change is {@code null} when
 * either rate is undefined or the previous rate is 0.
 *
 * @param impressions the change of the impression count, in percent
 * @param views the change of the view count, in percent
 * @param clicks the change of the click count, in percent
 * @param conversions the change of the conversion count, in percent
 * @param clickThroughRate the change of the click-through rate (clicks / views), in percent
 * @param conversionRate the change of the conversion rate (conversions / clicks), in percent
 */
public record PeriodChange(BigDecimal impressions, BigDecimal views, BigDecimal clicks, BigDecimal conversions,
                           BigDecimal clickThroughRate, BigDecimal conversionRate) {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /**
     * The change of each count and rate from {@code previous} (the previous period) to {@code current}.
     *
     * @param current the counts of the range
     * @param previous the counts of the previous period of equal length
     * @return the relative change of each count and rate, in percent
     */
    public static PeriodChange between(Counts current, Counts previous) {
        return new PeriodChange(
                relative(current.impressions(), previous.impressions()),
                relative(current.views(), previous.views()),
                relative(current.clicks(), previous.clicks()),
                relative(current.conversions(), previous.conversions()),
                relative(current.clickThroughRate(), previous.clickThroughRate()),
                relative(current.conversionRate(), previous.conversionRate()));
    }

    /**
     * (current − previous) / previous × 100 in percent, HALF_UP to 2 places; {@code null} when previous is 0.
     *
     * @param current the count of the range
     * @param previous the count of the previous period
     * @return the change in percent, HALF_UP to 2 places, or null when previous is 0
     */
    public static BigDecimal relative(long current, long previous) {
        if (previous == 0) {
            return null;
        }
        return BigDecimal.valueOf(current - previous).multiply(HUNDRED)
                .divide(BigDecimal.valueOf(previous), Rate.SCALE, RoundingMode.HALF_UP);
    }

    /**
     * The relative change between two rates a/b and c/d, from the exact fractions:
     * (a/b − c/d) / (c/d) = (a·d − c·b) / (c·b). {@code null} when either rate is undefined or the previous is 0.
     *
     * @param current the rate of the range
     * @param previous the rate of the previous period
     * @return the change in percent, HALF_UP to 2 places, or null when undefined
     */
    public static BigDecimal relative(Rate current, Rate previous) {
        if (!current.isDefined() || !previous.isDefined() || previous.numerator() == 0) {
            return null;
        }
        BigDecimal a = BigDecimal.valueOf(current.numerator());
        BigDecimal b = BigDecimal.valueOf(current.denominator());
        BigDecimal c = BigDecimal.valueOf(previous.numerator());
        BigDecimal d = BigDecimal.valueOf(previous.denominator());
        return a.multiply(d).subtract(c.multiply(b)).multiply(HUNDRED)
                .divide(c.multiply(b), Rate.SCALE, RoundingMode.HALF_UP);
    }
}
