package dev.campaignanalytics.core.domain;

/** The counts of one bucket of a series; its rates derive from the counts. */
public record SeriesPoint(Bucket bucket, Counts counts) {
    /** Click-through rate = clicks / views. */
    public Rate clickThroughRate() {
        return counts.clickThroughRate();
    }

    /** Conversion rate = conversions / clicks. */
    public Rate conversionRate() {
        return counts.conversionRate();
    }
}
