package dev.campaignanalytics.core.domain;

import java.util.List;
import java.util.Map;

/**
 * A campaign broken down by one dimension.
 *
 * @param campaign the campaign reported on
 * @param range the dates reported on and their previous period
 * @param dimension the dimension whose values split the events
 * @param series one zero-filled series per value, events without a value under {@link Dimension#UNKNOWN}
 * @param totals one total per value, by views descending, then by value
 */
public record SegmentedReport(Campaign campaign, ReportRange range, Dimension dimension,
                              Map<String, List<SeriesPoint>> series, List<SegmentTotal> totals) {
}
