package dev.campaignanalytics.http.auth;

/**
 * The caller could not be identified: the bearer token is missing, malformed, not signed with an
 * accepted algorithm and key, expired, not yet valid, or issued by or for someone else.
 *
 * <p>The HTTP layer answers 401 with {@code WWW-Authenticate: Bearer}. The message is written for
 * the caller and is safe to show: it never contains the token, any part of it, or a secret.
 */
public class AuthenticationFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message a caller-safe reason, free of token content and secrets */
    public AuthenticationFailedException(String message) {
        super(message);
    }
}
