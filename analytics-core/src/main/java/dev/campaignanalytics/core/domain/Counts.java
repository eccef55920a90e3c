package dev.campaignanalytics.core.domain;

/**
 * Exact event counts of one slice of events. Rates are derived from these, never stored.
 *
 * @param impressions the number of impression events, at least 0
 * @param views the number of view events, at least 0
 * @param clicks the number of click events, at least 0
 * @param conversions the number of conversion events, at least 0
 */
public record Counts(long impressions, long views, long clicks, long conversions) {
    /** No events at all. */
    public static final Counts ZERO = new Counts(0, 0, 0, 0);

    /**
     * Refuses negative counts.
     *
     * @param impressions the number of impression events, at least 0
     * @param views the number of view events, at least 0
     * @param clicks the number of click events, at least 0
     * @param conversions the number of conversion events, at least 0
     */
    public Counts {
        if (impressions < 0 || views < 0 || clicks < 0 || conversions < 0) {
            throw new IllegalArgumentException("counts are never negative");
        }
    }

    /**
     * Counts holding {@code n} events of one type.
     *
     * @param type the event type counted
     * @param n how many events of that type, at least 0
     * @return counts that are zero for every other type
     */
    public static Counts of(EventType type, long n) {
        return ZERO.plus(type, n);
    }

    /**
     * These counts and {@code other} together, type by type.
     *
     * @param other the counts to add
     * @return the sums, type by type
     */
    public Counts plus(Counts other) {
        return new Counts(impressions + other.impressions, views + other.views, clicks + other.clicks,
                conversions + other.conversions);
    }

    /**
     * These counts with {@code n} more events of {@code type}.
     *
     * @param type the event type to add to
     * @param n how many events to add
     * @return new counts; these are unchanged
     */
    public Counts plus(EventType type, long n) {
        return switch (type) {
            case IMPRESSION -> new Counts(impressions + n, views, clicks, conversions);
            case VIEW -> new Counts(impressions, views + n, clicks, conversions);
            case CLICK -> new Counts(impressions, views, clicks + n, conversions);
            case CONVERSION -> new Counts(impressions, views, clicks, conversions + n);
        };
    }

    /**
     * How many events of {@code type} these counts hold.
     *
     * @param type the event type asked for
     * @return the number of events of that type
     */
    public long of(EventType type) {
        return switch (type) {
            case IMPRESSION -> impressions;
            case VIEW -> views;
            case CLICK -> clicks;
            case CONVERSION -> conversions;
        };
    }

    /**
     * Click-through rate = clicks / views.
     *
     * @return clicks divided by views; undefined when there are no views
     */
    public Rate clickThroughRate() {
        return Rate.of(clicks, views);
    }

    /**
     * Conversion rate = conversions / clicks.
     *
     * @return conversions divided by clicks; undefined when there are no clicks
     */
    public Rate conversionRate() {
        return Rate.of(conversions, clicks);
    }

    /** {@return the number of events of every type together} */
    public long total() {
        return impressions + views + clicks + conversions;
    }
}
