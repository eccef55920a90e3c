package dev.campaignanalytics.example;

import dev.campaignanalytics.core.domain.PeriodChange;
import dev.campaignanalytics.core.domain.Rate;
import dev.campaignanalytics.core.domain.Significance;
import dev.campaignanalytics.core.domain.WilsonInterval;

import java.math.BigDecimal;

/**
 * The metric maths on counts a service has itself, with no database: two variants of a campaign, each with its
 * clicks and views, compared as the reports compare campaigns.
 *
 * @param ctrA        click-through rate of A in percent (clicks / views, HALF_UP to 2 places); {@code null} without
 *                    views
 * @param ctrBLow     lower end of the 95 % Wilson interval of B's rate, in percent
 * @param ctrBHigh    upper end of it
 * @param change      relative change of B's rate against A's, in percent; {@code null} when A's rate is 0 or undefined
 * @param significant whether the difference is more than chance would explain (two-proportion z-test, p &lt; 0.05)
 */
public record VariantVerdict(BigDecimal ctrA, BigDecimal ctrBLow, BigDecimal ctrBHigh, BigDecimal change,
                             boolean significant) {

    /** Compares variant B (clicks and views) with variant A. */
    public static VariantVerdict compare(long clicksA, long viewsA, long clicksB, long viewsB) {
        // region maths
        Rate a = Rate.of(clicksA, viewsA);                        // clicks / views; undefined when views = 0
        Rate b = Rate.of(clicksB, viewsB);
        BigDecimal ctrA = a.percent();                            // e.g. 1 / 800 -> 0.13 (HALF_UP, 2 places)
        WilsonInterval range = WilsonInterval.of95(b);            // null when b is undefined or above 100 %
        BigDecimal change = PeriodChange.relative(b, a);          // from the exact fractions; null when a is 0
        Significance test = Significance.test(b, a);              // null when the test is undefined
        boolean significant = test != null && test.significant(); // p < 0.05
        // endregion maths
        return new VariantVerdict(ctrA, range == null ? null : range.lowerPercent(),
                range == null ? null : range.upperPercent(), change, significant);
    }
}
