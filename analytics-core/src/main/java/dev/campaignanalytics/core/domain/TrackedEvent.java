package dev.campaignanalytics.core.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One event as it is stored: what happened, to which campaign, when, and where it came from.
 *
 * @param campaignId    the campaign the event belongs to, required
 * @param type          what happened, required
 * @param occurredAt    when the event happened (not when it was received), not before {@link #EARLIEST}
 * @param dimensions    its audience segment, channel and device type; null means none of them
 * @param sessionId     the client's session, at most 255 characters, may be {@code null}
 * @param userId        the client's user, may be {@code null}
 * @param userAgent     at most 1024 characters, may be {@code null}
 * @param ipAddress     as it is to be stored (already anonymised when that is configured), may be {@code null}
 * @param referrerUrl   at most 2048 characters, may be {@code null}
 * @param eventData     free-form data, may be {@code null}
 * @param clientEventId the client's idempotency key, unique per campaign, at most 100 characters, may be
 *                      {@code null}
 */
public record TrackedEvent(CampaignId campaignId, EventType type, Instant occurredAt, Dimensions dimensions,
                           String sessionId, UUID userId, String userAgent, IpAddress ipAddress,
                           String referrerUrl, EventData eventData, String clientEventId) {
    /** The longest session id, in characters. */
    public static final int MAX_SESSION_ID = 255;
    /** The longest user agent, in characters. */
    public static final int MAX_USER_AGENT = 1024;
    /** The longest referrer URL, in characters. */
    public static final int MAX_REFERRER_URL = 2048;
    /** The longest client event id, in characters. */
    public static final int MAX_CLIENT_EVENT_ID = 100;
    /**
     * The earliest an event may have happened: campaign analytics has nothing to say about earlier times, and the
     * store keeps events in monthly partitions named by four-digit years.
     */
    public static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

    /**
     * Checks the event: campaign, type and time are required; the texts are limited in length and hold no NUL
     * character; every broken rule is named in one {@link InvalidInputException}.
     *
     * @param campaignId the campaign the event belongs to, required
     * @param type what happened, required
     * @param occurredAt when the event happened (not when it was received), required, not before {@link #EARLIEST}
     * @param dimensions its audience segment, channel and device type; null means none of them
     * @param sessionId the client's session, at most 255 characters, may be null
     * @param userId the client's user, may be null
     * @param userAgent at most 1024 characters, may be null
     * @param ipAddress as it is to be stored (already anonymised when configured), may be null
     * @param referrerUrl at most 2048 characters, may be null
     * @param eventData free-form data, may be null
     * @param clientEventId the client's idempotency key, unique per campaign, at most 100 characters, may be null
     */
    public TrackedEvent {
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        dimensions = dimensions == null ? Dimensions.NONE : dimensions;
        Validation v = new Validation();
        v.maxLength("session_id", sessionId, MAX_SESSION_ID);
        v.maxLength("user_agent", userAgent, MAX_USER_AGENT);
        v.maxLength("referrer_url", referrerUrl, MAX_REFERRER_URL);
        v.maxLength("event_id", clientEventId, MAX_CLIENT_EVENT_ID);
        if (clientEventId != null && clientEventId.isEmpty()) {
            v.add("event_id", "must not be empty");
        }
        if (occurredAt.isBefore(EARLIEST)) {
            v.add("occurred_at", "must not be before " + EARLIEST);
        }
        v.throwIfInvalid();
    }

    /**
     * A minimal event: a campaign, a type and an instant, with nothing else.
     *
     * @param campaignId the campaign the event belongs to
     * @param type what happened
     * @param occurredAt when it happened
     * @return an event with no dimensions or optional fields
     */
    public static TrackedEvent of(CampaignId campaignId, EventType type, Instant occurredAt) {
        return new TrackedEvent(campaignId, type, occurredAt, Dimensions.NONE, null, null, null, null, null, null,
                null);
    }

    /**
     * This event with the dimensions {@code d}.
     *
     * @param d the dimension values to use instead of the current ones
     * @return a copy of this event with those dimensions
     */
    public TrackedEvent withDimensions(Dimensions d) {
        return new TrackedEvent(campaignId, type, occurredAt, d, sessionId, userId, userAgent, ipAddress, referrerUrl,
                eventData, clientEventId);
    }

    /**
     * This event with the client's event id {@code id}, which makes a retry of it a duplicate.
     *
     * @param id the client's idempotency key, at most 100 characters
     * @return a copy of this event with that key
     */
    public TrackedEvent withClientEventId(String id) {
        return new TrackedEvent(campaignId, type, occurredAt, dimensions, sessionId, userId, userAgent, ipAddress,
                referrerUrl, eventData, id);
    }
}
