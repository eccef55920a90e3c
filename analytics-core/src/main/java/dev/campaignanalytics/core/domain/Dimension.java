package dev.campaignanalytics.core.domain;

import java.util.Locale;

/** A dimension that events can be broken down by. */
public enum Dimension {
    /** The audience segment the event's viewer belongs to. */
    AUDIENCE_SEGMENT,
    /** The channel the campaign reached the viewer through. */
    CHANNEL,
    /** The kind of device the event happened on. */
    DEVICE_TYPE;

    /**
     * The breakdown row, and the filter value, of events that carry no value in this dimension. An event whose value
     * is this very text ({@code unknown}, in lower case) falls in the same row, and the filter {@code unknown}
     * selects both: exactly the events the row counts. Values are compared case-sensitively, like every other
     * value: {@code Unknown} is a value of its own, with its own row and filter.
     */
    public static final String UNKNOWN = "unknown";

    /** {@return the snake_case name used on the wire: {@code audience_segment|channel|device_type}} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@return the longest value this dimension accepts, in characters} */
    public int maxLength() {
        return this == AUDIENCE_SEGMENT ? 100 : 50;
    }

    /**
     * @param field the request field named in the error, e.g. {@code segment_by}
     * @param text the wire name to read
     * @return the dimension the text names
     * @throws InvalidInputException naming {@code field} when the text names no dimension
     */
    public static Dimension parse(String field, String text) {
        for (Dimension d : values()) {
            if (d.wireName().equals(text)) {
                return d;
            }
        }
        throw new InvalidInputException(field, "must be one of audience_segment, channel, device_type");
    }

    /**
     * A value as it is kept: surrounding whitespace (as {@link Character#isWhitespace} defines it) removed, and a
     * value that is empty or only whitespace is no value at all ({@code null}), counted as {@link #UNKNOWN}. Case
     * is kept. A value that is already clean is returned as it is, without allocating.
     *
     * @param value a value as sent, may be null
     * @return the value without surrounding whitespace, or null when it is absent, empty or blank
     */
    public static String normalise(String value) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        return stripped.isEmpty() ? null : stripped;
    }

    /**
     * The breakdown row that a stored value is counted in: the value itself, or {@link #UNKNOWN} when there is none.
     *
     * @param stored a value as stored, or null for none
     * @return the segment it is counted under
     */
    public static String segmentOf(String stored) {
        return stored == null ? UNKNOWN : stored;
    }

    /**
     * This dimension's value in {@code dimensions}, or {@code null} when the event carries none.
     *
     * @param dimensions an event's dimension values
     * @return this dimension's value there, or null when the event carries none
     */
    public String valueOf(Dimensions dimensions) {
        return switch (this) {
            case AUDIENCE_SEGMENT -> dimensions.audienceSegment();
            case CHANNEL -> dimensions.channel();
            case DEVICE_TYPE -> dimensions.deviceType();
        };
    }
}
