package dev.campaignanalytics.http;

import dev.campaignanalytics.core.domain.Violation;

import java.util.List;

/**
 * A request refused for a reason that is about the HTTP exchange rather than the domain: a body too large, a content
 * type the route does not read, a body that could not be read, or an import cut short.
 */
final class RequestRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final transient List<Violation> violations;

    RequestRejected(int status, String message, List<Violation> violations) {
        super(message);
        this.status = status;
        this.violations = List.copyOf(violations);
    }

    static RequestRejected tooLarge(long maxBytes) {
        return new RequestRejected(413, "The request body is too large",
                List.of(new Violation("body", "must be at most " + maxBytes + " bytes")));
    }

    static RequestRejected unsupportedMediaType(String accepted) {
        return new RequestRejected(415, "Unsupported content type",
                List.of(new Violation("Content-Type", "must be " + accepted)));
    }

    int status() {
        return status;
    }

    List<Violation> violations() {
        return violations;
    }
}
