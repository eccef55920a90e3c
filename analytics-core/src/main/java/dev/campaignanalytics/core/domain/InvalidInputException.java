package dev.campaignanalytics.core.domain;

import java.util.List;

/**
 * Input that breaks one or more rules. It always names each field and the rule it broke, so that an
 * inbound adapter can answer with a precise client error.
 */
public class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Violation> violations;

    /**
     * A refusal naming every broken rule, each with its field.
     *
     * @param violations the broken rules, at least one, in the order found
     */
    public InvalidInputException(List<Violation> violations) {
        super(summary(violations));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid input names at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    /**
     * A refusal naming one broken rule of one field.
     *
     * @param field the field in wire spelling, e.g. {@code end_date}
     * @param message the rule broken, e.g. {@code must not be before start_date}
     */
    public InvalidInputException(String field, String message) {
        this(List.of(new Violation(field, message)));
    }

    /** {@return the broken rules, each with the field it is about} */
    public List<Violation> violations() {
        return violations;
    }

    private static String summary(List<Violation> violations) {
        StringBuilder sb = new StringBuilder();
        for (Violation v : violations) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(v.field()).append(": ").append(v.message());
        }
        return sb.toString();
    }
}
