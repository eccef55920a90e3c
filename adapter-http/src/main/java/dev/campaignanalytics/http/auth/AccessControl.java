package dev.campaignanalytics.http.auth;

import java.util.Locale;
import java.util.Objects;

/**
 * The admin-route gate: a caller passes with a valid bearer token, an admin role, and the route's
 * permission.
 *
 * <p>The order of the checks fixes the answer: no valid token is a 401
 * ({@link AuthenticationFailedException}); a valid token without an admin role, or without the
 * permission, is a 403 ({@link PermissionDeniedException}). A {@code super_admin} holds every
 * permission; a {@code marketing_admin} holds those its token lists.
 */
public final class AccessControl {

    private static final String BEARER = "bearer";

    private final JwtVerifier verifier;

    /** @param verifier checks the tokens that callers present */
    public AccessControl(JwtVerifier verifier) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /**
     * Parses the Authorization header value (may be null), verifies, checks admin role and the permission.
     *
     * @param authorizationHeader the raw {@code Authorization} header value, {@code null} when absent;
     *     the scheme {@code Bearer} is matched case-insensitively
     * @param permission the route's permission, one of {@link Permissions#ALL}
     * @return the caller, who may use the route
     * @throws AuthenticationFailedException when the header is absent, not a Bearer credential, or
     *     the token does not verify
     * @throws PermissionDeniedException when the caller has no admin role or lacks {@code permission}
     * @throws IllegalArgumentException when {@code permission} is not a known permission (a
     *     programming error in the route table)
     */
    public Principal authorize(String authorizationHeader, String permission)
            throws AuthenticationFailedException, PermissionDeniedException {
        if (!Permissions.isKnown(permission)) {
            throw new IllegalArgumentException("Unknown permission: " + permission);
        }
        Principal principal = verifier.verify(bearerToken(authorizationHeader));
        if (!principal.isAdmin()) {
            throw PermissionDeniedException.adminRoleRequired();
        }
        if (!principal.hasPermission(permission)) {
            throw PermissionDeniedException.missing(permission);
        }
        return principal;
    }

    /** The token in {@code Bearer <token>} (RFC 6750 section 2.1). */
    static String bearerToken(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            throw new AuthenticationFailedException("Authorization header with a Bearer token is required");
        }
        String value = authorizationHeader.strip();
        int space = indexOfWhitespace(value);
        String scheme = space < 0 ? value : value.substring(0, space);
        if (!scheme.toLowerCase(Locale.ROOT).equals(BEARER)) {
            throw new AuthenticationFailedException("Authorization header must use the Bearer scheme");
        }
        String token = space < 0 ? "" : value.substring(space).strip();
        if (token.isEmpty()) {
            throw new AuthenticationFailedException(JwtVerifier.MISSING);
        }
        return token;
    }

    private static int indexOfWhitespace(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isWhitespace(value.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
