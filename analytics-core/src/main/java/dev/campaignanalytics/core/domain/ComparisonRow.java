package dev.campaignanalytics.core.domain;

/** One campaign's totals in a side-by-side comparison. */
public record ComparisonRow(Campaign campaign, Counts counts) {
}
