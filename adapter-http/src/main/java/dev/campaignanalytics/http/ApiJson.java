package dev.campaignanalytics.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The one JSON dialect of the API: snake_case keys, dates as ISO-8601 text ({@code 2024-05-01},
 * {@code 2024-05-01T12:00:00Z}), decimals as plain numbers, and parser limits tight enough that a hostile body is a
 * client error rather than a server crash. An object that gives one name twice ({@code {"a": 1, "a": 2}}), at any
 * depth, is refused rather than read with the last value winning: RFC 8259 leaves such a document's meaning open.
 */
final class ApiJson {
    /** Deeper than any body of this API needs; deeper documents are refused before they cost a stack. */
    static final int MAX_NESTING_DEPTH = 64;
    /** Longer than any text field of this API may be (event data is at most 8 KB in all). */
    static final int MAX_STRING_LENGTH = 64 * 1024;
    static final int MAX_NAME_LENGTH = 1024;

    private ApiJson() {
    }

    /** Says which limit a document broke, in the API's words rather than the parser's. */
    static String describe(StreamConstraintsException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (m.contains("nesting depth")) {
            return "is nested more than " + MAX_NESTING_DEPTH + " levels deep";
        }
        if (m.contains("String value length")) {
            return "holds a text longer than " + MAX_STRING_LENGTH + " characters";
        }
        if (m.contains("Name length")) {
            return "holds a field name longer than " + MAX_NAME_LENGTH + " characters";
        }
        return "exceeds a limit of the JSON reader";
    }

    /** The message of a violation of {@link #duplicateField}. */
    static final String GIVEN_TWICE = "is given more than once";

    /**
     * The field that a document read into a tree gives twice, as a path below {@code within} such as
     * {@code event_type}, {@code event_data.page} or {@code events[2].event_type}; {@code null} when {@code e} is
     * about something else.
     *
     * @param within the context the path starts below: the one the reading began in, or {@code null} for the root
     */
    static String duplicateField(JsonProcessingException e, JsonStreamContext within) {
        // Jackson says so only in words: the tree reader's check (FAIL_ON_READING_DUP_TREE_KEY) has no type of its own.
        if (!(e instanceof MismatchedInputException) || !(e.getProcessor() instanceof JsonParser parser)
                || e.getOriginalMessage() == null || !e.getOriginalMessage().startsWith("Duplicate field")) {
            return null;
        }
        Deque<JsonStreamContext> outerFirst = new ArrayDeque<>();
        for (JsonStreamContext c = parser.getParsingContext(); c != null && c != within; c = c.getParent()) {
            outerFirst.push(c);
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c : outerFirst) {
            if (c.inObject() && c.hasCurrentName()) {
                path.append(path.isEmpty() ? "" : ".").append(c.getCurrentName());
            } else if (c.inArray() && c.hasCurrentIndex()) {
                path.append('[').append(c.getCurrentIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    static ObjectMapper newMapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxStringLength(MAX_STRING_LENGTH)
                        .maxNameLength(MAX_NAME_LENGTH)
                        .build())
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .build();
        return JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // Checked as the tree is built, where each field is put anyway: no cost measurable per event, where
                // the parser's own check (StreamReadFeature.STRICT_DUPLICATE_DETECTION) adds about 15 %.
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .build();
    }
}
