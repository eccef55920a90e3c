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

    /** The value that a breakdown shows for events that carry no value in this dimension. */
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
