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
 * @param createdAt     when the event happened
 * @param receivedAt    when the server received it
 * @param ipAddress     the address as stored (anonymised when that was configured at the time)
 * @param eventData     the free-form data as JSON text
 * @param clientEventId the client's idempotency key ({@code event_id} on the wire)
 */
public record RawEvent(EventId id, CampaignId campaignId, EventType type, Instant createdAt, Instant receivedAt,
                       String audienceSegment, String channel, String deviceType, String sessionId, UUID userId,
                       String userAgent, String ipAddress, String referrerUrl, String eventData,
                       String clientEventId) {
    /** The ids, the type and both times are required. */
    public RawEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
