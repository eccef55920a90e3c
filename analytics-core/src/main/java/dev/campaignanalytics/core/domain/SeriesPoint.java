package dev.campaignanalytics.core.domain;

/**
 * The counts of one bucket of a series; its rates derive from the counts.
 *
 * @param bucket the bucket of the range (a day, week or month) the counts belong to
 * @param counts the events in that bucket, by type; zero when there were none
 */
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
