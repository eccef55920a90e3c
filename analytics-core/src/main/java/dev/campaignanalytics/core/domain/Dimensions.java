package dev.campaignanalytics.core.domain;

/**
 * Where an event came from: its audience segment, channel and device type. Each may be absent ({@code null}).
 *
 * @param audienceSegment the audience segment, or null
 * @param channel the channel, or null
 * @param deviceType the device type, or null
 */
public record Dimensions(String audienceSegment, String channel, String deviceType) {
    /** An event that carries no dimension at all. */
    public static final Dimensions NONE = new Dimensions(null, null, null);

    /**
     * Checks each value's length against its dimension's limit (and refuses NUL characters).
     *
     * @param audienceSegment the audience segment, or null
     * @param channel the channel, or null
     * @param deviceType the device type, or null
     */
    public Dimensions {
        Validation v = new Validation();
        v.maxLength("audience_segment", audienceSegment, Dimension.AUDIENCE_SEGMENT.maxLength());
        v.maxLength("channel", channel, Dimension.CHANNEL.maxLength());
        v.maxLength("device_type", deviceType, Dimension.DEVICE_TYPE.maxLength());
        v.throwIfInvalid();
    }
}
