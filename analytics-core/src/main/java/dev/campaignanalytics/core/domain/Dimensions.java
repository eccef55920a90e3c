package dev.campaignanalytics.core.domain;

/**
 * Where an event came from: its audience segment, channel and device type. Each may be absent ({@code null}). Values
 * are kept as {@link Dimension#normalise} makes them: without surrounding whitespace, and a value that is empty or
 * only whitespace is absent, so that it is counted under {@link Dimension#UNKNOWN} like a value never sent. Every
 * ingest path (single, batch, import route and the {@code import} command) builds its events through here, so the
 * raw rows and every rollup level hold the same values.
 *
 * @param audienceSegment the audience segment, or null
 * @param channel the channel, or null
 * @param deviceType the device type, or null
 */
public record Dimensions(String audienceSegment, String channel, String deviceType) {
    /** An event that carries no dimension at all. */
    public static final Dimensions NONE = new Dimensions(null, null, null);

    /**
     * Normalises each value (see {@link Dimension#normalise}), then checks its length against its dimension's limit
     * (and refuses NUL characters).
     *
     * @param audienceSegment the audience segment, or null
     * @param channel the channel, or null
     * @param deviceType the device type, or null
     */
    public Dimensions {
        audienceSegment = Dimension.normalise(audienceSegment);
        channel = Dimension.normalise(channel);
        deviceType = Dimension.normalise(deviceType);
        Validation v = new Validation();
        v.maxLength("audience_segment", audienceSegment, Dimension.AUDIENCE_SEGMENT.maxLength());
        v.maxLength("channel", channel, Dimension.CHANNEL.maxLength());
        v.maxLength("device_type", deviceType, Dimension.DEVICE_TYPE.maxLength());
        v.throwIfInvalid();
    }
}
