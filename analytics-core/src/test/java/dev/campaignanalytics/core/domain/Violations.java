package dev.campaignanalytics.core.domain;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Test helper: the fields that an {@link InvalidInputException} names. */
public final class Violations {
    private Violations() {
    }

    /** Runs the code, fails unless it throws {@link InvalidInputException}, and returns the fields it names. */
    public static List<String> fieldsRefusedBy(ThrowingCallable code) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, code);
        if (e == null) {
            throw new AssertionError("expected an InvalidInputException, but nothing was refused");
        }
        return e.violations().stream().map(Violation::field).collect(Collectors.toList());
    }
}
