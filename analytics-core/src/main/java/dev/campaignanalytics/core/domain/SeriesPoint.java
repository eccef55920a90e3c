package dev.campaignanalytics.core.domain;

/** The counts of one bucket of a series; its rates derive from the counts. */
public record SeriesPoint(Bucket bucket, Counts counts) {
    /** {@return clicks divided by views in this bucket; undefined without views} */
    public Rate clickThroughRate() {
        return counts.clickThroughRate();
    }

    /** {@return conversions divided by clicks in this bucket; undefined without clicks} */
    public Rate conversionRate() {
        return counts.conversionRate();
    }
}
