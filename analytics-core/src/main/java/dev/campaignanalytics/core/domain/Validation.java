package dev.campaignanalytics.core.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every broken rule of one input before refusing it, so that a client learns all its mistakes at once.
 */
public final class Validation {
    private final List<Violation> violations = new ArrayList<>();

    /**
     * Records that {@code field} breaks a rule, described by {@code message}.
     *
     * @param field the field in wire spelling, e.g. {@code campaign_id}
     * @param message the rule broken, e.g. {@code must not be blank}
     * @return this validation, for chaining
     */
    public Validation add(String field, String message) {
        violations.add(new Violation(field, message));
        return this;
    }

    /**
     * Checks an optional text: absent is fine, present must be at most {@code max} characters and hold no NUL
     * character (U+0000), which PostgreSQL cannot store in text, and no unpaired surrogate (such as a lone
     * {@code \ud800} escape in JSON), which UTF-8 cannot carry: it would be stored as {@code ?}, another text than the
     * one sent, so that an idempotency key would no longer match itself.
     *
     * @param field the field in wire spelling
     * @param value the text, may be null
     * @param max the most characters allowed
     * @return this validation, for chaining
     */
    public Validation maxLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            add(field, "must be at most " + max + " characters");
        } else if (value != null && value.indexOf('\u0000') >= 0) {
            add(field, "must not contain the NUL character");
        } else if (value != null && hasUnpairedSurrogate(value)) {
            add(field, "must be well-formed Unicode (it contains an unpaired surrogate)");
        }
        return this;
    }

    private static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records that {@code field} is required when {@code value} is {@code null}.
     *
     * @param field the field in wire spelling
     * @param value the value that must be present
     * @return this validation, for chaining
     */
    public Validation require(String field, Object value) {
        if (value == null) {
            add(field, "is required");
        }
        return this;
    }

    /** {@return whether no rule was broken so far} */
    public boolean isValid() {
        return violations.isEmpty();
    }

    /** {@return the broken rules so far, in the order found} */
    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    /** Throws {@link InvalidInputException} naming every violation collected so far, if any. */
    public void throwIfInvalid() {
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }
}
