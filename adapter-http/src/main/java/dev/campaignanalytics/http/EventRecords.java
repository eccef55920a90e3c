package dev.campaignanalytics.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.campaignanalytics.core.domain.TrackedEvent;
import dev.campaignanalytics.core.domain.Violation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The API's reading of one imported event, for tools outside HTTP (the {@code import} command): the same field names,
 * rules and messages as {@code POST /admin/events/import}, so that a file is judged exactly as the same events sent
 * over HTTP. Like the HTTP import, an event read here never takes an address or user agent from whoever imports it.
 */
public final class EventRecords {
    private final ObjectMapper mapper = ApiJson.newMapper();
    private final EventParser parser;

    /** With the default limits of {@code event_data} ({@link HttpSettings.Protection#DEFAULT}). */
    public EventRecords() {
        this(HttpSettings.Protection.DEFAULT.maxEventDataBytes(), HttpSettings.Protection.DEFAULT.maxEventDataDepth());
    }

    /**
     * With the server's limits of {@code event_data}, so that a file is held to the same rules as HTTP.
     *
     * @param maxEventDataBytes the largest {@code event_data} of one event, in bytes of its JSON text in UTF-8
     * @param maxEventDataDepth the deepest {@code event_data}, the object itself being 1 level
     */
    public EventRecords(int maxEventDataBytes, int maxEventDataDepth) {
        this.parser = new EventParser(mapper, maxEventDataBytes, maxEventDataDepth);
    }

    /**
     * One record read: an event ready to track, or every rule it breaks.
     *
     * @param event      {@code null} when the record is rejected
     * @param violations empty when the record is valid
     */
    public record Result(TrackedEvent event, List<Violation> violations) {
        public Result {
            violations = List.copyOf(violations);
        }

        public boolean isValid() {
            return event != null;
        }
    }

    /**
     * Reads one NDJSON line (UTF-8 JSON object) as the HTTP import reads it.
     *
     * @param now the {@code occurred_at} of an event that does not say when it happened
     */
    public Result fromJson(byte[] line, int length, Instant now) {
        JsonNode node;
        try {
            node = mapper.readTree(line, 0, length);
        } catch (JsonProcessingException e) {
            return new Result(null, List.of(ImportHandler.lineViolation(e)));
        } catch (java.io.IOException e) {
            return new Result(null, List.of(new Violation("event", "is not valid JSON")));
        }
        if (node == null) {
            return new Result(null, List.of(new Violation("event", "is not valid JSON")));
        }
        return of(parser.parse(node, RequestOrigin.NONE, now));
    }

    /**
     * Reads one event given as named texts, such as a CSV row under its header: each name is a JSON field name of the
     * API ({@code campaign_id}, {@code event_type}, {@code occurred_at} …). An empty text is an absent field. The
     * text of {@code event_data} is the JSON object itself. Names the API does not know are ignored, as in JSON.
     *
     * @param now the {@code occurred_at} of an event that does not say when it happened
     */
    public Result fromFields(Map<String, String> fields, Instant now) {
        ObjectNode node = mapper.createObjectNode();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            String value = f.getValue();
            if (value == null || value.isEmpty()) {
                continue;
            }
            if (f.getKey().equals("event_data")) {
                try {
                    node.set("event_data", mapper.readTree(value));
                } catch (JsonProcessingException e) {
                    String twice = ApiJson.duplicateField(e, null);
                    return new Result(null, List.of(twice == null
                            ? new Violation("event_data", "must be a JSON object")
                            : new Violation("event_data." + twice, ApiJson.GIVEN_TWICE)));
                }
            } else {
                node.put(f.getKey(), value);
            }
        }
        return of(parser.parse(node, RequestOrigin.NONE, now));
    }

    private static Result of(EventParser.Parsed parsed) {
        return parsed.isValid() ? new Result(parsed.event(), List.of()) : new Result(null, parsed.violations());
    }
}
