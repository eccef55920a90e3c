package dev.campaignanalytics.core.domain;

/**
 * One campaign's totals in a side-by-side comparison.
 *
 * @param campaign the campaign the row is about
 * @param counts its events over the comparison's range, by type
 */
public record ComparisonRow(Campaign campaign, Counts counts) {
}
