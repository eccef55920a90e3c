package dev.campaignanalytics.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.Dimensions;
import dev.campaignanalytics.core.domain.EventData;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.domain.InvalidInputException;
import dev.campaignanalytics.core.domain.IpAddress;
import dev.campaignanalytics.core.domain.TrackedEvent;
import dev.campaignanalytics.core.domain.Uuids;
import dev.campaignanalytics.core.domain.Violation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/**
 * Turns one JSON event of a tracking body into a {@link TrackedEvent}, or into the list of every rule it breaks.
 *
 * <p>An event is read strictly: a field the API does not know, including one only the server sets ({@code id},
 * {@code received_at}), is a mistake named in the answer, so that a misspelt field never passes silently and a body
 * can never choose what the server decides. Free-form data goes in {@code event_data}.
 */
final class EventParser {
    private final ObjectMapper mapper;
    private final int maxEventDataBytes;
    private final int maxEventDataDepth;

    /**
     * @param maxEventDataBytes the largest {@code event_data}, in bytes of its JSON text in UTF-8
     * @param maxEventDataDepth the deepest {@code event_data}, the object itself being 1 level deep
     */
    EventParser(ObjectMapper mapper, int maxEventDataBytes, int maxEventDataDepth) {
        this.mapper = mapper;
        this.maxEventDataBytes = maxEventDataBytes;
        this.maxEventDataDepth = maxEventDataDepth;
    }

    /** What one JSON event became: an event ready to track, or the rules it broke. */
    record Parsed(TrackedEvent event, List<Violation> violations) {
        boolean isValid() {
            return event != null;
        }
    }

    /**
     * @param origin where the request came from, used when the event does not name its own user agent or address;
     *               {@link RequestOrigin#NONE} for events that were not sent by the client they describe (imports)
     * @param now    the {@code occurred_at} of an event that does not say when it happened
     */
    Parsed parse(JsonNode node, RequestOrigin origin, Instant now) {
        JsonFields f;
        try {
            f = JsonFields.of(node, "event");
        } catch (InvalidInputException e) {
            return new Parsed(null, e.violations());
        }
        CampaignId campaign = f.read(() -> CampaignId.parse("campaign_id", f.text("campaign_id")));
        EventType type = f.read(() -> EventType.parse("event_type", f.text("event_type")));
        Instant occurredAt = f.read(() -> instant("occurred_at", f.text("occurred_at"), now));
        Dimensions dimensions = f.read(() -> new Dimensions(f.text("audience_segment"), f.text("channel"),
                f.text("device_type")));
        EventData eventData = f.read(() -> eventData("event_data", f.node("event_data")));
        String sessionId = f.read(() -> f.text("session_id"));
        UUID userId = f.read(() -> uuid("user_id", f.text("user_id")));
        String userAgent = f.read(() -> f.node("user_agent") != null
                ? f.text("user_agent") : origin.userAgent());
        IpAddress ip = f.read(() -> f.node("ip_address") != null
                ? IpAddress.parse("ip_address", f.text("ip_address")) : origin.ipAddress());
        String referrer = f.read(() -> f.text("referrer_url"));
        String clientEventId = f.read(() -> f.text("event_id"));
        f.rejectUnknownFields();

        f.check(() -> checkTexts(sessionId, userAgent, referrer, clientEventId));
        if (!f.isValid()) {
            return new Parsed(null, f.violations());
        }
        TrackedEvent event = f.read(() -> new TrackedEvent(campaign, type, occurredAt, dimensions, sessionId, userId,
                userAgent, ip, referrer, eventData, clientEventId));
        return event == null ? new Parsed(null, f.violations()) : new Parsed(event, List.of());
    }

    /**
     * The core's limits on the free texts of an event, checked here too so that they are reported together with
     * the other mistakes even when the event lacks what it needs to be built.
     */
    private static void checkTexts(String sessionId, String userAgent, String referrer, String clientEventId) {
        Violations v = new Violations();
        maxLength(v, "session_id", sessionId, TrackedEvent.MAX_SESSION_ID);
        maxLength(v, "user_agent", userAgent, TrackedEvent.MAX_USER_AGENT);
        maxLength(v, "referrer_url", referrer, TrackedEvent.MAX_REFERRER_URL);
        maxLength(v, "event_id", clientEventId, TrackedEvent.MAX_CLIENT_EVENT_ID);
        if (clientEventId != null && clientEventId.isEmpty()) {
            v.add("event_id", "must not be empty");
        }
        v.throwIfInvalid();
    }

    private static void maxLength(Violations v, String field, String value, int max) {
        if (value != null && value.length() > max) {
            v.add(field, "must be at most " + max + " characters");
        }
    }

    private static Instant instant(String field, String text, Instant absent) {
        if (text == null) {
            return absent;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field,
                    "must be an ISO-8601 date-time with an offset, such as 2024-05-01T12:00:00Z");
        }
    }

    private static UUID uuid(String field, String text) {
        return text == null ? null : Uuids.parse(field, text);
    }

    private EventData eventData(String field, JsonNode node) {
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidInputException(field, "must be a JSON object");
        }
        if (depth(node, maxEventDataDepth) > maxEventDataDepth) {
            throw new InvalidInputException(field, "must be nested at most " + maxEventDataDepth + " levels deep");
        }
        String json;
        try {
            json = mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(field, "could not be written as JSON");
        }
        if (json.getBytes(StandardCharsets.UTF_8).length > maxEventDataBytes) {
            throw new InvalidInputException(field, "must be at most " + maxEventDataBytes + " bytes as JSON");
        }
        return new EventData(json);
    }

    /**
     * How deep a JSON value is nested, a scalar being 0 deep; counting stops once past {@code limit}. A number too
     * large for a double ({@code 1e400}) is refused on the way: it would be read as infinity and stored as the text
     * {@code "Infinity"}, a string where the sender wrote a number.
     */
    private static int depth(JsonNode node, int limit) {
        if (!node.isContainerNode()) {
            if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
                throw new InvalidInputException("event_data",
                        "must not hold a number beyond the range of a double (about ±1.8e308)");
            }
            return 0;
        }
        int deepest = 0;
        for (JsonNode child : node) {
            deepest = Math.max(deepest, depth(child, limit));
            if (deepest >= limit) {
                break;
            }
        }
        return 1 + deepest;
    }
}
