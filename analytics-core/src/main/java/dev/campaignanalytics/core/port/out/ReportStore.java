package dev.campaignanalytics.core.port.out;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.DimensionFilter;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Counts stored events. It only counts: all arithmetic on the counts happens in the core. */
public interface ReportStore {
    /**
     * The event counts per campaign, slice and (when grouped) dimension value. Combinations without events may be
     * left out; the caller fills them with zeros.
     *
     * @param query the campaigns, time slices, filter and grouping
     * @return the non-zero counts per campaign, slice and dimension value, in any order
     */
    List<SliceCount> count(CountQuery query);

    /**
     * When the first and the last matching event of the campaign happened within {@code [from, until)}; empty when
     * there is none.
     *
     * @param campaign the campaign
     * @param from the first instant, inclusive
     * @param until the end instant, exclusive
     * @param filter only events matching it are considered
     * @return the times of the first and last matching event, or empty when there is none
     */
    Optional<EventTimeSpan> eventTimeSpan(CampaignId campaign, Instant from, Instant until, DimensionFilter filter);

    /**
     * The instants of the first and last event of a span, both inclusive.
     *
     * @param first when the first matching event happened
     * @param last when the last matching event happened
     */
    record EventTimeSpan(Instant first, Instant last) {
    }
}
