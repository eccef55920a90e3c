package dev.campaignanalytics.http;

/**
 * A caller sent more requests than its rate limit allows; it may send again after {@link #retryAfterSeconds()}.
 */
final class TooManyRequests extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    /** @param limited what was limited and per what, e.g. "tracking requests from one address" */
    TooManyRequests(String limited, long retryAfterSeconds) {
        super("Too many " + limited + "; retry after " + retryAfterSeconds + " s", null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
