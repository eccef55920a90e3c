package dev.campaignanalytics.core.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * The rules that live tracking applies to incoming events.
 *
 * @param maxFuture   how far after now an event's {@code occurred_at} may lie (clock skew of the sender)
 * @param maxPast     how far before now a live event's {@code occurred_at} may lie; imports have no such limit
 * @param anonymizeIp whether IP addresses are stored with their host part zeroed (see
 *                    {@link IpAddress#anonymized()})
 */
public record TrackingPolicy(Duration maxFuture, Duration maxPast, boolean anonymizeIp) {
    /** Five minutes ahead, 72 hours back, addresses anonymised. */
    public static final TrackingPolicy DEFAULT = new TrackingPolicy(Duration.ofMinutes(5), Duration.ofHours(72), true);

    /**
     * Refuses negative windows.
     *
     * @param maxFuture how far after now an event's {@code occurred_at} may lie; not negative
     * @param maxPast how far before now a live event's {@code occurred_at} may lie; not negative
     * @param anonymizeIp whether IP addresses are stored with their host part zeroed
     */
    public TrackingPolicy {
        Objects.requireNonNull(maxFuture, "maxFuture");
        Objects.requireNonNull(maxPast, "maxPast");
        if (maxFuture.isNegative() || maxPast.isNegative()) {
            throw new IllegalArgumentException("tracking windows are never negative");
        }
    }
}
