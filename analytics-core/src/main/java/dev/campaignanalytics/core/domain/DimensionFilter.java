package dev.campaignanalytics.core.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Exact-match filters on dimensions: a filter on a dimension selects exactly the events that a breakdown by that
 * dimension counts in the row of the same name. So {@link Dimension#UNKNOWN} selects the events without a value and
 * those whose value is the text {@code unknown}; any other value selects the events holding exactly it (case
 * matters). A filter value is read as event values are ({@link Dimension#normalise}): without surrounding
 * whitespace; an empty or blank one is refused, since no breakdown row has that name. An empty filter matches every
 * event.
 */
public final class DimensionFilter {
    /** No filter: every event matches. */
    public static final DimensionFilter NONE = new DimensionFilter(new EnumMap<>(Dimension.class));

    private final Map<Dimension, String> values;

    private DimensionFilter(EnumMap<Dimension, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * A filter from optional values; {@code null} means "any" for that dimension.
     *
     * @param audienceSegment the required audience segment, or null for any
     * @param channel the required channel, or null for any
     * @param deviceType the required device type, or null for any
     * @return the filter, {@link #NONE} when every value is null
     */
    public static DimensionFilter of(String audienceSegment, String channel, String deviceType) {
        EnumMap<Dimension, String> m = new EnumMap<>(Dimension.class);
        put(m, Dimension.AUDIENCE_SEGMENT, audienceSegment);
        put(m, Dimension.CHANNEL, channel);
        put(m, Dimension.DEVICE_TYPE, deviceType);
        return new DimensionFilter(m);
    }

    private static void put(EnumMap<Dimension, String> m, Dimension d, String value) {
        if (value != null) {
            String kept = Dimension.normalise(value);
            if (kept == null) {
                throw new InvalidInputException(d.wireName(),
                        "must not be empty or blank; leave it out for every value, or give unknown for events "
                                + "without a value");
            }
            new Validation().maxLength(d.wireName(), kept, d.maxLength()).throwIfInvalid();
            m.put(d, kept);
        }
    }

    /**
     * The value events must carry in {@code dimension}, or empty when this filter does not restrict it.
     *
     * @param dimension the dimension asked about
     * @return the value required in that dimension, or empty when any value passes
     */
    public Optional<String> valueFor(Dimension dimension) {
        return Optional.ofNullable(values.get(dimension));
    }

    /**
     * Whether the filter on {@code dimension} is {@link Dimension#UNKNOWN}, which also selects the events without a
     * value in it (a store must then match no value as well as the text {@code unknown}).
     *
     * @param dimension the dimension asked about
     * @return whether events without a value in that dimension pass
     */
    public boolean selectsNoValue(Dimension dimension) {
        return Dimension.UNKNOWN.equals(values.get(dimension));
    }

    /** {@return the filtered dimensions and the value each requires; empty when the filter lets everything through} */
    public Map<Dimension, String> asMap() {
        return values;
    }

    /** {@return whether this filter lets every event through} */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * Whether events with these dimensions pass the filter: in each filtered dimension the event falls in the
     * breakdown row ({@link Dimension#segmentOf}) that the filter names.
     *
     * @param dimensions an event's dimension values
     * @return whether the event passes the filter
     */
    public boolean matches(Dimensions dimensions) {
        for (Map.Entry<Dimension, String> e : values.entrySet()) {
            if (!e.getValue().equals(Dimension.segmentOf(e.getKey().valueOf(dimensions)))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DimensionFilter f && f.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "DimensionFilter" + values;
    }
}
