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

    /**
     * Whether the view count changed by more than chance, current against previous period (equal number of days);
     * {@code null} when both are 0. See {@link Significance#ofCounts(long, long)}.
     *
     * @return the test of the two view counts, or null when there were no views in either period
     */
    public Significance viewsSignificance() {
        return Significance.ofCounts(summary.counts().views(), previousSummary.counts().views());
    }

    /**
     * Likewise for the click count.
     *
     * @return the test of the two click counts, or null when there were no clicks in either period
     */
    public Significance clicksSignificance() {
        return Significance.ofCounts(summary.counts().clicks(), previousSummary.counts().clicks());
    }

    /**
     * Likewise for the conversion count.
     *
     * @return the test of the two conversion counts, or null when there were no conversions in either period
     */
    public Significance conversionsSignificance() {
        return Significance.ofCounts(summary.counts().conversions(), previousSummary.counts().conversions());
    }

    /**
     * Likewise for the impression count.
     *
     * @return the test of the two impression counts, or null when there were no impressions in either period
     */
    public Significance impressionsSignificance() {
        return Significance.ofCounts(summary.counts().impressions(), previousSummary.counts().impressions());
    }
}
