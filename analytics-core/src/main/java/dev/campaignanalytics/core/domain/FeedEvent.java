package dev.campaignanalytics.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored event as the live feed shows it.
 *
 * @param position      its place in the feed. Positions grow in the order in which events were committed, so a reader
 *                      that has seen every event up to a position has seen every event committed before it; positions
 *                      may skip numbers (a write that failed used them up)
 * @param id            the server id of the event
 * @param campaignId    the campaign the event belongs to
 * @param campaignName  the campaign's name as it is now, not as it was when the event came in
 * @param type          what happened
 * @param eventDataJson the event's free-form data as the text of a JSON object, {@code null} when it has none
 * @param dimensions    the event's dimension values
 * @param occurredAt    when the event happened, as the client said
 * @param receivedAt    when the server received it
 */
public record FeedEvent(long position, EventId id, CampaignId campaignId, String campaignName, EventType type,
                        String eventDataJson, Dimensions dimensions, Instant occurredAt, Instant receivedAt) {
    /**
     * Refuses a position below 1 and missing ids or names.
     *
     * @param position its place in the feed, at least 1, growing in commit order (with gaps)
     * @param id the server id of the event
     * @param campaignId the campaign the event belongs to
     * @param campaignName the campaign's name as it is now
     * @param type what happened
     * @param eventDataJson the free-form data as JSON object text, or null when it has none
     * @param dimensions the event's dimension values
     * @param occurredAt when the event happened, as the client said
     * @param receivedAt when the server received it
     */
    public FeedEvent {
        if (position < 1) {
            throw new IllegalArgumentException("positions start at 1: " + position);
        }
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(campaignName, "campaignName");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
        dimensions = dimensions == null ? Dimensions.NONE : dimensions;
    }
}
