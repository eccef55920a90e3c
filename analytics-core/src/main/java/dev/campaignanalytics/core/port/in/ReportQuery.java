package dev.campaignanalytics.core.port.in;

import dev.campaignanalytics.core.domain.DimensionFilter;
import dev.campaignanalytics.core.domain.Granularity;

import java.time.ZoneId;
import java.util.Objects;

/**
 * What a report covers: a range of dates in a zone, grouped at a granularity, with optional dimension filters that
 * apply to every number in the answer.
 *
 * @param range a preset or explicit dates
 * @param zone the zone in which dates and buckets start and end
 * @param granularity day, week or month buckets
 * @param filter exact-match dimension filters; null means none
 */
public record ReportQuery(RangeSpec range, ZoneId zone, Granularity granularity, DimensionFilter filter) {
    /**
     * Range, zone and granularity are required; a {@code null} filter means no filter.
     *
     * @param range a preset or explicit dates
     * @param zone the zone in which dates and buckets start and end
     * @param granularity day, week or month buckets
     * @param filter exact-match dimension filters; null means none
     */
    public ReportQuery {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(granularity, "granularity");
        filter = filter == null ? DimensionFilter.NONE : filter;
    }

    /** {@return the last 7 days in UTC by day, unfiltered} */
    public static ReportQuery defaults() {
        return new ReportQuery(new RangeSpec.Preset("7d"), ZoneId.of("UTC"), Granularity.DAY, DimensionFilter.NONE);
    }
}
