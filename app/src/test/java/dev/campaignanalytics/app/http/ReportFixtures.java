package dev.campaignanalytics.app.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.campaignanalytics.app.http.ApiServer.Reply;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Events put in through the import route, and answers read with their numbers exactly as sent. */
final class ReportFixtures {
    static final String ANALYTICS = "/v1/marketing/admin/analytics";
    static final String IMPORT = "/v1/marketing/admin/events/import";

    /** Keeps decimals as written: {@code 12.50} stays 12.50 with scale 2, so a test can see the two places. */
    private static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private ReportFixtures() {
    }

    /**
     * One event as a client reports it.
     *
     * @param segment absent when {@code null}; likewise {@code channel} and {@code device}
     */
    record Event(UUID campaign, String type, Instant at, String segment, String channel, String device) {
        static Event of(UUID campaign, String type, Instant at) {
            return new Event(campaign, type, at, null, null, null);
        }

        Event withDimensions(String segment, String channel, String device) {
            return new Event(campaign, type, at, segment, channel, device);
        }

        String json() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("campaign_id", campaign.toString());
            o.put("event_type", type);
            o.put("occurred_at", at.toString());
            if (segment != null) {
                o.put("audience_segment", segment);
            }
            if (channel != null) {
                o.put("channel", channel);
            }
            if (device != null) {
                o.put("device_type", device);
            }
            return o.toString();
        }
    }

    /** Stores the events through {@code POST /admin/events/import} and checks that every one was accepted. */
    static void importAll(ApiServer api, Collection<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        StringBuilder ndjson = new StringBuilder();
        events.forEach(e -> ndjson.append(e.json()).append('\n'));
        Reply reply = api.post(IMPORT).asSuperAdmin().body("application/x-ndjson", ndjson.toString()).send();
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.data().get("accepted").asLong()).as(reply.toString()).isEqualTo(events.size());
    }

    /** {@code n} copies of an event. */
    static List<Event> times(int n, Event e) {
        return Collections.nCopies(n, e);
    }

    /** The body as JSON with exact decimals. */
    static JsonNode exact(Reply reply) {
        try {
            return EXACT.readTree(reply.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + reply.body(), e);
        }
    }
}
