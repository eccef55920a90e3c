package dev.campaignanalytics.core.domain;

/** The totals of one value of a dimension; events without a value are under {@link Dimension#UNKNOWN}. */
public record SegmentTotal(String segment, Counts counts) {
}
