package dev.campaignanalytics.http;

import dev.campaignanalytics.core.domain.InvalidInputException;
import dev.campaignanalytics.core.domain.Validation;
import dev.campaignanalytics.core.domain.Violation;

import java.util.List;
import java.util.function.Supplier;

/**
 * Every mistake of one input, gathered field by field, so that the client learns all of them in one answer rather
 * than one per attempt.
 */
final class Violations {
    private final Validation validation = new Validation();

    /**
     * Runs one field's reading and parsing; when it refuses the input, keeps its violations and gives {@code null},
     * so that the next field is still read.
     */
    <T> T read(Supplier<T> reading) {
        try {
            return reading.get();
        } catch (InvalidInputException e) {
            addAll(e.violations());
            return null;
        }
    }

    void add(String field, String message) {
        validation.add(field, message);
    }

    /** Runs a check of several fields; keeps what it refuses. */
    void check(Runnable check) {
        read(() -> {
            check.run();
            return null;
        });
    }

    private void addAll(List<Violation> vs) {
        for (Violation v : vs) {
            validation.add(v.field(), v.message());
        }
    }

    boolean isValid() {
        return validation.isValid();
    }

    List<Violation> list() {
        return validation.violations();
    }

    /** @throws InvalidInputException naming every violation gathered, if any */
    void throwIfInvalid() {
        validation.throwIfInvalid();
    }
}
