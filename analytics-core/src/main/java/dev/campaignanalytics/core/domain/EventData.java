package dev.campaignanalytics.core.domain;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Free-form data attached to an event, as the text of a JSON object. The inbound adapter checks that the text is a
 * JSON object; the core only bounds its size.
 *
 * @param json the text of a JSON object
 */
public record EventData(String json) {
    /** The largest event data accepted, in bytes of UTF-8. */
    public static final int MAX_BYTES = 8 * 1024;

    /**
     * Checks the JSON text: at most {@link #MAX_BYTES} bytes in UTF-8, and no NUL character, escaped or not, since
     * PostgreSQL's jsonb cannot hold it.
     *
     * @param json the text of a JSON object
     */
    public EventData {
        Objects.requireNonNull(json, "json");
        if (json.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidInputException("event_data", "must be at most " + MAX_BYTES + " bytes");
        }
        if (json.indexOf('\u0000') >= 0 || json.contains("\\u0000")) {
            // PostgreSQL's jsonb cannot hold U+0000, escaped or not.
            throw new InvalidInputException("event_data", "must not contain the NUL character (\\u0000)");
        }
    }
}
