package dev.campaignanalytics.core.domain;

import java.time.Instant;

/**
 * The totals of a campaign over a range.
 *
 * @param firstEvent when the first counted event happened, or {@code null} when none was counted or it was not asked
 * @param lastEvent  when the last counted event happened, or {@code null} likewise
 */
public record Summary(Counts counts, Instant firstEvent, Instant lastEvent) {
    /** Click-through rate = clicks / views. */
    public Rate clickThroughRate() {
        return counts.clickThroughRate();
    }

    /** Conversion rate = conversions / clicks. */
    public Rate conversionRate() {
        return counts.conversionRate();
    }
}
