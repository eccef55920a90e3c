package dev.campaignanalytics.app.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * Checks a JSON value against a schema of the OpenAPI document, for the keywords the document uses: {@code $ref},
 * {@code allOf}, {@code oneOf}, {@code type} (one or several), {@code const}, {@code enum}, {@code properties},
 * {@code required}, {@code additionalProperties}, {@code items} and the formats {@code date}, {@code date-time} and
 * {@code uuid}. Enough to tell when an answer and its description part ways; not a general validator.
 */
final class SchemaCheck {
    private final JsonNode document;

    SchemaCheck(JsonNode document) {
        this.document = document;
    }

    /** Every way {@code value} breaks {@code schema}, each with the JSON path where; empty when it conforms. */
    List<String> problems(JsonNode schema, JsonNode value) {
        List<String> problems = new ArrayList<>();
        check(schema, value, "$", problems);
        return problems;
    }

    /** The node a local {@code $ref} such as {@code #/components/schemas/Range} points at. */
    JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new AssertionError("only local references are used: " + ref);
        }
        JsonNode node = document.at(ref.substring(1));
        if (node.isMissingNode()) {
            throw new AssertionError("dangling reference " + ref);
        }
        return node;
    }

    private void check(JsonNode schema, JsonNode value, String path, List<String> problems) {
        if (schema.has("$ref")) {
            check(resolve(schema.get("$ref").asText()), value, path, problems);
        }
        if (schema.has("allOf")) {
            schema.get("allOf").forEach(s -> check(s, value, path, problems));
        }
        if (schema.has("oneOf")) {
            int passing = 0;
            for (JsonNode s : schema.get("oneOf")) {
                if (problems(s, value).isEmpty()) {
                    passing++;
                }
            }
            if (passing != 1) {
                problems.add(path + ": matches " + passing + " of the oneOf schemas: " + value);
            }
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            problems.add(path + ": must be " + schema.get("const") + ", is " + value);
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                problems.add(path + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (schema.has("type") && !hasType(schema.get("type"), value)) {
            problems.add(path + ": must be of type " + schema.get("type") + ", is " + value);
            return;
        }
        if (value.isTextual() && schema.has("format")) {
            checkFormat(schema.get("format").asText(), value.asText(), path, problems);
        }
        if (value.isObject()) {
            checkObject(schema, value, path, problems);
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    private void checkObject(JsonNode schema, JsonNode value, String path, List<String> problems) {
        if (schema.has("required")) {
            for (JsonNode name : schema.get("required")) {
                if (!value.has(name.asText())) {
                    problems.add(path + ": lacks the required field " + name.asText());
                }
            }
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.get("additionalProperties");
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (properties.has(name)) {
                check(properties.get(name), value.get(name), path + "." + name, problems);
            } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
                problems.add(path + ": has the undocumented field " + name);
            } else if (additional != null && additional.isObject()) {
                check(additional, value.get(name), path + "." + name, problems);
            }
        }
    }

    private static boolean hasType(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (hasType(t, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "number" -> value.isNumber();
            case "integer" -> value.isIntegralNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> throw new AssertionError("unknown type " + type);
        };
    }

    private static void checkFormat(String format, String text, String path, List<String> problems) {
        try {
            switch (format) {
                case "date" -> LocalDate.parse(text);
                case "date-time" -> OffsetDateTime.parse(text);
                case "uuid" -> UUID.fromString(text);
                default -> {
                }
            }
        } catch (DateTimeParseException | IllegalArgumentException e) {
            problems.add(path + ": '" + text + "' is not a " + format);
        }
    }
}
