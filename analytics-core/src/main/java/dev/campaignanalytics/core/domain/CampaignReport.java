package dev.campaignanalytics.core.domain;

import java.util.List;

/**
 * The full report of a campaign: its totals over the range, a zero-filled series with one point per bucket, and
 * the change against the previous period.
 *
 * @param campaign the campaign reported on
 * @param range the dates reported on and the previous period
 * @param summary the totals and rates of the range
 * @param series one point per bucket of the range, oldest first, zero-filled
 * @param previousSummary the totals and rates of the previous period of equal length
 * @param periodChange the relative change of each count and rate from the previous period to the range
 */
public record CampaignReport(Campaign campaign, ReportRange range, Summary summary, List<SeriesPoint> series,
                             Summary previousSummary, PeriodChange periodChange) {
    /**
     * Takes an unmodifiable copy of the series.
     *
     * @param campaign the campaign reported on
     * @param range the dates reported on and the previous period
     * @param summary the totals and rates of the range
     * @param series one point per bucket of the range, oldest first, zero-filled
     * @param previousSummary the totals and rates of the previous period of equal length
     * @param periodChange the relative change of each count and rate from the previous period to the range
     */
    public CampaignReport {
        series = List.copyOf(series);
    }

    /**
     * Whether the click-through rate changed by more than chance, current against previous; {@code null} if untestable.
     *
     * @return the two-proportion test of the click-through rate, current against previous; null if untestable
     */
    public Significance clickThroughRateSignificance() {
        return Significance.test(summary.clickThroughRate(), previousSummary.clickThroughRate());
    }

    /**
     * Whether the conversion rate changed by more than chance, current against previous; {@code null} if untestable.
     *
     * @return the two-proportion test of the conversion rate, current against previous; null if untestable
     */
    public Significance conversionRateSignificance() {
        return Significance.test(summary.conversionRate(), previousSummary.conversionRate());
    }
}
