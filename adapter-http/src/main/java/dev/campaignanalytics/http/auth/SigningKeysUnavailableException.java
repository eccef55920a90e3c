package dev.campaignanalytics.http.auth;

/**
 * The token could not be checked because the configured JWKS URL could not be fetched or parsed.
 *
 * <p>This is an authentication failure (the caller is not let in, so it fails closed as a 401 like
 * its parent), but the fault lies with the server or the identity provider, not the caller: an HTTP
 * layer that wants to may answer 503 for it instead.
 */
public class SigningKeysUnavailableException extends AuthenticationFailedException {

    private static final long serialVersionUID = 1L;

    /** @param message a caller-safe reason */
    public SigningKeysUnavailableException(String message) {
        super(message);
    }
}
