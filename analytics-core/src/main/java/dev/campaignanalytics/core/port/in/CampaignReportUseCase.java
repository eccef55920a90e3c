package dev.campaignanalytics.core.port.in;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.CampaignReport;
import dev.campaignanalytics.core.domain.Comparison;
import dev.campaignanalytics.core.domain.Dimension;
import dev.campaignanalytics.core.domain.InvalidInputException;
import dev.campaignanalytics.core.domain.ReportRange;
import dev.campaignanalytics.core.domain.SegmentedReport;
import dev.campaignanalytics.core.domain.SeriesPoint;
import dev.campaignanalytics.core.domain.Summary;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The numbers a marketer asks for. Every method throws
 * {@link dev.campaignanalytics.core.domain.CampaignNotFoundException} for an unknown campaign and
 * {@link InvalidInputException} for a range longer than the configured maximum.
 */
public interface CampaignReportUseCase {

    /**
     * The dates a query covers and the previous period of equal length; a preset ends today in the query's zone. A
     * caller that shows the range beside the numbers of another call pins the query to these dates first, so that
     * both describe the same days even across midnight.
     *
     * @param query the preset or explicit dates and the zone they are read in
     * @return the dates covered, both ends inclusive, and the previous period of equal length
     */
    ReportRange range(ReportQuery query);

    /**
     * Summary, zero-filled series and the change against the previous period.
     *
     * @param campaign the campaign to report on
     * @param query the dates, zone, grouping and filters
     * @return the report of the range
     */
    CampaignReport report(CampaignId campaign, ReportQuery query);

    /**
     * Totals with the first and last event of the range.
     *
     * @param campaign the campaign to summarise
     * @param query the dates, zone and filters
     * @return the totals and rates of the range
     */
    Summary summary(CampaignId campaign, ReportQuery query);

    /**
     * One point per bucket of the range, zero-filled.
     *
     * @param campaign the campaign to report on
     * @param query the dates, zone, grouping and filters
     * @return one point per bucket, oldest first, with zero counts for buckets without events
     */
    List<SeriesPoint> series(CampaignId campaign, ReportQuery query);

    /**
     * A zero-filled series and a total for each value of the dimension.
     *
     * @param campaign the campaign to report on
     * @param dimension the dimension whose values split the events
     * @param query the dates, zone, grouping and filters
     * @return one series and total per value of the dimension
     */
    SegmentedReport segmented(CampaignId campaign, Dimension dimension, ReportQuery query);

    /**
     * Campaigns side by side.
     *
     * @param query the campaigns and the report query they share
     * @return one row per campaign, each tested against the first
     */
    Comparison compare(CompareQuery query);

    /**
     * 2 to 20 distinct campaigns, compared in the order given.
     *
     * @param campaigns 2 to 20 campaigns; the first is the baseline the others are tested against
     * @param query the dates, zone, grouping and filters, the same for every campaign
     */
    record CompareQuery(List<CampaignId> campaigns, ReportQuery query) {
        /** The fewest campaigns a comparison holds. */
        public static final int MIN = 2;
        /** The most campaigns a comparison holds. */
        public static final int MAX = 20;

        /**
         * Refuses fewer than {@link #MIN} or more than {@link #MAX} campaigns, and a campaign named twice (rather than
         * comparing it with itself or dropping the repeat), naming {@code campaign_ids}.
         *
         * @param campaigns 2 to 20 distinct campaigns; the first is the baseline the others are tested against
         * @param query the dates, zone, grouping and filters, the same for every campaign
         */
        public CompareQuery {
            Objects.requireNonNull(query, "query");
            campaigns = List.copyOf(campaigns);
            String problem = problemOf(campaigns);
            if (problem != null) {
                throw new InvalidInputException("campaign_ids", problem);
            }
        }

        /**
         * Why campaigns cannot be compared together: 2 to 20 campaigns, none named twice.
         *
         * @param campaigns the campaigns in the order asked for
         * @return the broken rule, in the words of a violation of {@code campaign_ids}; {@code null} when they can
         */
        public static String problemOf(List<CampaignId> campaigns) {
            if (campaigns.size() < MIN || campaigns.size() > MAX) {
                return "must name between " + MIN + " and " + MAX + " distinct campaigns";
            }
            Set<CampaignId> seen = new HashSet<>();
            for (CampaignId c : campaigns) {
                if (!seen.add(c)) {
                    return "names campaign " + c + " more than once; name each campaign once";
                }
            }
            return null;
        }
    }
}
