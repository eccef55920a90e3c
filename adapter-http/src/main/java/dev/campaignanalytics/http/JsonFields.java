package dev.campaignanalytics.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.campaignanalytics.core.domain.InvalidInputException;
import dev.campaignanalytics.core.domain.Violation;

import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The fields of one JSON object of a request, read strictly: a field holds the JSON type the API documents or it is
 * a client error naming that field. Errors are collected, so that one answer lists every mistake of the object.
 *
 * <p>A field that is absent and a field that is {@code null} read the same, as "not given", except through
 * {@link #isPresent}, which tells a partial update that {@code null} means "clear it".
 */
final class JsonFields {
    private final ObjectNode object;
    private final Violations violations = new Violations();
    // Sized for a tracked event's fields, so that asking for them all never resizes it.
    private final Set<String> asked = new HashSet<>(32);

    JsonFields(ObjectNode object) {
        this.object = object;
    }

    /**
     * Reads the object of a body.
     *
     * @throws InvalidInputException naming {@code field} when the node is not a JSON object
     */
    static JsonFields of(JsonNode node, String field) {
        if (node instanceof ObjectNode o) {
            return new JsonFields(o);
        }
        throw new InvalidInputException(field, "must be a JSON object");
    }

    /** Whether the field is in the object, even as {@code null}. */
    boolean isPresent(String field) {
        asked.add(field);
        return object.has(field);
    }

    /** The field's JSON value, or {@code null} when it is absent or {@code null}. */
    JsonNode node(String field) {
        asked.add(field);
        JsonNode n = object.get(field);
        return n == null || n.isNull() ? null : n;
    }

    /** @throws InvalidInputException when the field is given but is not a JSON string */
    String text(String field) {
        JsonNode n = node(field);
        if (n == null) {
            return null;
        }
        if (!n.isTextual()) {
            throw new InvalidInputException(field, "must be a string");
        }
        return n.textValue();
    }

    /** @throws InvalidInputException when the field is given but is not {@code true} or {@code false} */
    Boolean bool(String field) {
        JsonNode n = node(field);
        if (n == null) {
            return null;
        }
        if (!n.isBoolean()) {
            throw new InvalidInputException(field, "must be true or false");
        }
        return n.booleanValue();
    }

    /** Runs one field's reading; see {@link Violations#read}. */
    <T> T read(Supplier<T> reading) {
        return violations.read(reading);
    }

    /** Runs a check across fields; see {@link Violations#check}. */
    void check(Runnable check) {
        violations.check(check);
    }

    /** Records every field of the object that was never asked for as not part of the API. */
    void rejectUnknownFields() {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!asked.contains(name)) {
                violations.add(name, "is not a known field");
            }
        }
    }

    boolean isValid() {
        return violations.isValid();
    }

    List<Violation> violations() {
        return violations.list();
    }

    /** @throws InvalidInputException naming every violation collected, if any */
    void throwIfInvalid() {
        violations.throwIfInvalid();
    }
}
