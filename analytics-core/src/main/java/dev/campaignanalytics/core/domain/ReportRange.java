package dev.campaignanalytics.core.domain;

/**
 * The dates a report covers and the equal-length dates it is compared with.
 *
 * @param current     the requested range, inclusive at both ends
 * @param previous    the range of equal length that ends the day before {@code current} starts
 * @param granularity how the series groups days
 */
public record ReportRange(DateRange current, DateRange previous, Granularity granularity) {
    /**
     * The requested range with its previous period: the range of equal length that ends the day before it starts.
     *
     * @param current the requested range
     * @param granularity how the range is bucketed
     * @return the range with its previous period
     */
    public static ReportRange of(DateRange current, Granularity granularity) {
        return new ReportRange(current, current.previous(), granularity);
    }
}
