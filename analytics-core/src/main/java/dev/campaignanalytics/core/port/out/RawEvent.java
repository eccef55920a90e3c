package dev.campaignanalytics.core.port.out;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.EventId;
import dev.campaignanalytics.core.domain.EventType;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One stored event exactly as it is kept, with every field, for a raw export. It is read back from storage, where
 * it was checked when it came in, so it is not checked again; optional fields are {@code null} when absent.
 *
 * @param id              the server's id of the event
 * @param campaignId      the campaign the event belongs to
 * @param type            what happened
 * @param createdAt       when the event happened
 * @param receivedAt      when the server received it
 * @param audienceSegment the audience segment, or null
 * @param channel         the channel, or null
 * @param deviceType      the device type, or null
 * @param sessionId       the client's session, or null
 * @param userId          the client's user, or null
 * @param userAgent       the client's user agent, or null
 * @param ipAddress       the address as stored (anonymised when that was configured at the time)
 * @param referrerUrl     the referrer, or null
 * @param eventData       the free-form data as JSON text
 * @param clientEventId   the client's idempotency key ({@code event_id} on the wire)
 */
public record RawEvent(EventId id, CampaignId campaignId, EventType type, Instant createdAt, Instant receivedAt,
                       String audienceSegment, String channel, String deviceType, String sessionId, UUID userId,
                       String userAgent, String ipAddress, String referrerUrl, String eventData,
                       String clientEventId) {
    /**
     * The ids, the type and both times are required.
     *
     * @param id the server's id of the event
     * @param campaignId the campaign the event belongs to
     * @param type what happened
     * @param createdAt when the event happened
     * @param receivedAt when the server received it
     * @param audienceSegment the audience segment, or null
     * @param channel the channel, or null
     * @param deviceType the device type, or null
     * @param sessionId the client's session, or null
     * @param userId the client's user, or null
     * @param userAgent the client's user agent, or null
     * @param ipAddress the address as stored (anonymised when that was configured), or null
     * @param referrerUrl the referrer, or null
     * @param eventData the free-form data as JSON text, or null
     * @param clientEventId the client's idempotency key ({@code event_id} on the wire), or null
     */
    public RawEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
