package dev.campaignanalytics.core.domain;

/**
 * The totals of one value of a dimension; events without a value are under {@link Dimension#UNKNOWN}.
 *
 * @param segment the dimension's value, or {@link Dimension#UNKNOWN} for events without one
 * @param counts the events with that value over the range, by type
 */
public record SegmentTotal(String segment, Counts counts) {
}
