package dev.campaignanalytics.http;

import dev.campaignanalytics.core.domain.Violation;

import java.util.List;

/** The two shapes every API answer takes: a success carrying its data, or a failure saying what went wrong. */
final class Envelope {
    private Envelope() {
    }

    /** {@code {"success": true, "data": …}} */
    record Success<T>(boolean success, T data) {
        static <T> Success<T> of(T data) {
            return new Success<>(true, data);
        }
    }

    /**
     * {@code {"success": false, "message": …, "errors": [{"field": …, "message": …}]}}
     *
     * @param errors each broken rule, by field; empty when the failure concerns no particular field
     */
    record Failure(boolean success, String message, List<FieldError> errors) {
        static Failure of(String message, List<FieldError> errors) {
            return new Failure(false, message, List.copyOf(errors));
        }
    }

    /** One broken input rule, in the API's snake_case field naming. */
    record FieldError(String field, String message) {
        static FieldError of(Violation v) {
            return new FieldError(v.field(), v.message());
        }

        static List<FieldError> of(List<Violation> violations) {
            return violations.stream().map(FieldError::of).toList();
        }
    }
}
