package dev.campaignanalytics.core.domain;

import java.time.Instant;

/**
 * The totals of a campaign over a range.
 *
 * @param counts     the events counted over the range, by type
 * @param firstEvent when the first counted event happened, or {@code null} when none was counted or it was not asked
 * @param lastEvent  when the last counted event happened, or {@code null} likewise
 */
public record Summary(Counts counts, Instant firstEvent, Instant lastEvent) {
    /** {@return clicks divided by views over the range; undefined without views} */
    public Rate clickThroughRate() {
        return counts.clickThroughRate();
    }

    /** {@return conversions divided by clicks over the range; undefined without clicks} */
    public Rate conversionRate() {
        return counts.conversionRate();
    }

    /** {@return the 95 % Wilson score interval of the click-through rate; {@code null} when there are no views} */
    public WilsonInterval clickThroughRateInterval() {
        return WilsonInterval.of95(clickThroughRate());
    }

    /** {@return the 95 % Wilson score interval of the conversion rate; {@code null} when there are no clicks} */
    public WilsonInterval conversionRateInterval() {
        return WilsonInterval.of95(conversionRate());
    }
}
