package dev.campaignanalytics.core.domain;

/**
 * Exact event counts of one slice of events. Rates are derived from these, never stored.
 */
public record Counts(long impressions, long views, long clicks, long conversions) {
    /** No events at all. */
    public static final Counts ZERO = new Counts(0, 0, 0, 0);

    /** Refuses negative counts. */
    public Counts {
        if (impressions < 0 || views < 0 || clicks < 0 || conversions < 0) {
            throw new IllegalArgumentException("counts are never negative");
        }
    }

    /** Counts holding {@code n} events of one type. */
    public static Counts of(EventType type, long n) {
        return ZERO.plus(type, n);
    }

    /** These counts and {@code other} together, type by type. */
    public Counts plus(Counts other) {
        return new Counts(impressions + other.impressions, views + other.views, clicks + other.clicks,
                conversions + other.conversions);
    }

    /** These counts with {@code n} more events of {@code type}. */
    public Counts plus(EventType type, long n) {
        return switch (type) {
            case IMPRESSION -> new Counts(impressions + n, views, clicks, conversions);
            case VIEW -> new Counts(impressions, views + n, clicks, conversions);
            case CLICK -> new Counts(impressions, views, clicks + n, conversions);
            case CONVERSION -> new Counts(impressions, views, clicks, conversions + n);
        };
    }

    /** How many events of {@code type} these counts hold. */
    public long of(EventType type) {
        return switch (type) {
            case IMPRESSION -> impressions;
            case VIEW -> views;
            case CLICK -> clicks;
            case CONVERSION -> conversions;
        };
    }

    /** Click-through rate = clicks / views. */
    public Rate clickThroughRate() {
        return Rate.of(clicks, views);
    }

    /** Conversion rate = conversions / clicks. */
    public Rate conversionRate() {
        return Rate.of(conversions, clicks);
    }

    /** All events of every type together. */
    public long total() {
        return impressions + views + clicks + conversions;
    }
}
