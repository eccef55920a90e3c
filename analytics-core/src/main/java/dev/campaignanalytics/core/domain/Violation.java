package dev.campaignanalytics.core.domain;

import java.util.Objects;

/**
 * One broken input rule: the field (in the API's snake_case naming) and, in words, the rule it broke.
 *
 * @param field the field in the API's snake_case naming, required
 * @param message the rule broken, in words, required
 */
public record Violation(String field, String message) {
    /**
     * Both the field and the message are required.
     *
     * @param field the field in the API's snake_case naming, required
     * @param message the rule broken, in words, required
     */
    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
