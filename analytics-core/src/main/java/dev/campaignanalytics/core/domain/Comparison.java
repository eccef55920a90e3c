package dev.campaignanalytics.core.domain;

import java.util.List;

/**
 * Campaigns side by side over the same range and filters, in the order they were asked for.
 *
 * @param range the dates every row covers, and their previous period
 * @param rows one row per campaign, in the order asked for; the first is the baseline
 */
public record Comparison(ReportRange range, List<ComparisonRow> rows) {
    /**
     * Takes an unmodifiable copy of the rows.
     *
     * @param range the dates every row covers, and their previous period
     * @param rows one row per campaign, in the order asked for; the first is the baseline
     */
    public Comparison {
        rows = List.copyOf(rows);
    }

    /**
     * Whether a row's click-through rate differs from the first row's by more than chance; {@code null} for the first
     * row itself and when untestable.
     *
     * @param row one of this comparison's rows
     * @return the two-proportion test of the row's click-through rate against the first row's, or null
     */
    public Significance clickThroughRateAgainstFirst(ComparisonRow row) {
        return row == rows.get(0) ? null
                : Significance.test(row.counts().clickThroughRate(), rows.get(0).counts().clickThroughRate());
    }

    /**
     * Likewise for the conversion rate.
     *
     * @param row one of this comparison's rows
     * @return the two-proportion test of the row's conversion rate against the first row's, or null
     */
    public Significance conversionRateAgainstFirst(ComparisonRow row) {
        return row == rows.get(0) ? null
                : Significance.test(row.counts().conversionRate(), rows.get(0).counts().conversionRate());
    }
}
