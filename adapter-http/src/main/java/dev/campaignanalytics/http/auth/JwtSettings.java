package dev.campaignanalytics.http.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * How admin tokens are verified: which keys sign them, whom they must come from and be meant for,
 * where the role is found, and how much clock difference is forgiven.
 *
 * <p>The accepted signature algorithms follow from the keys configured, never from a token:
 * <ul>
 *   <li>an HMAC secret ({@code ANALYTICS_JWT_SECRET}) accepts HS256, verified with that secret only;</li>
 *   <li>a JWKS ({@code ANALYTICS_JWT_JWKS}, an {@code http}/{@code https} URL or a file path) accepts
 *       RS256 and ES256, verified with the set's public RSA and EC keys only;</li>
 *   <li>both together accept all three, each algorithm with its own keys.</li>
 * </ul>
 *
 * <p>Blank strings count as absent, so an empty environment variable means "not configured". Other
 * values are stripped of surrounding white space, except the secret, which is used exactly as given.
 *
 * @param hmacSecret the HS256 secret, used as its UTF-8 bytes; at least 32 bytes; {@code null} for none
 * @param jwks the JWKS location: an {@code http://} or {@code https://} URL, otherwise a file path;
 *     {@code null} for none
 * @param issuer the required {@code iss}; {@code null} to accept any issuer
 * @param audience the audience that {@code aud} must contain; {@code null} to accept any audience
 * @param roleClaimPath where the role is, as a dot path into nested JSON objects (e.g.
 *     {@code app_metadata.role}); the value there may be a string or an array of strings;
 *     {@code null} to read the {@code role} (string) and {@code roles} (array) claims
 * @param clockSkew how far {@code exp} and {@code nbf} may be overstepped, 0 to 60 seconds
 *     (whole seconds; a fraction is dropped);
 *     {@code null} means {@link #DEFAULT_CLOCK_SKEW}
 */
public record JwtSettings(
        String hmacSecret,
        String jwks,
        String issuer,
        String audience,
        String roleClaimPath,
        Duration clockSkew) {

    /** The clock skew used when none is configured. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    /** The largest clock skew that may be configured. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(60);
    /** The shortest HS256 secret accepted, in bytes (256 bits, RFC 7518 section 3.2). */
    public static final int MIN_SECRET_BYTES = 32;

    /**
     * Refuses settings that cannot verify safely.
     *
     * @throws IllegalArgumentException when neither a secret nor a JWKS is given, the secret is shorter
     *     than 32 bytes (naming {@code ANALYTICS_JWT_SECRET}, never the secret), the role claim path has
     *     an empty segment, or the clock skew is outside 0 to 60 seconds
     */
    public JwtSettings {
        hmacSecret = hmacSecret == null || hmacSecret.isBlank() ? null : hmacSecret; // used byte for byte
        jwks = blankToNull(jwks);
        issuer = blankToNull(issuer);
        audience = blankToNull(audience);
        roleClaimPath = blankToNull(roleClaimPath);
        clockSkew = clockSkew == null ? DEFAULT_CLOCK_SKEW : clockSkew;

        if (hmacSecret == null && jwks == null) {
            throw new IllegalArgumentException(
                    "JWT verification needs ANALYTICS_JWT_SECRET (HS256) or ANALYTICS_JWT_JWKS (RS256/ES256), or both");
        }
        if (hmacSecret != null) {
            requireStrongSecret(hmacSecret);
        }
        if (roleClaimPath != null && !isValidPath(roleClaimPath)) {
            throw new IllegalArgumentException("JWT role claim path must be claim names separated by single dots, e.g. app_metadata.role");
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException("JWT clock skew must be between 0 and 60 seconds, was " + clockSkew);
        }
    }

    /** Settings that verify HS256 tokens with {@code hmacSecret} and nothing else configured. */
    public static JwtSettings ofSecret(String hmacSecret) {
        return new JwtSettings(hmacSecret, null, null, null, null, null);
    }

    /** Settings that verify RS256/ES256 tokens against the JWKS at {@code jwks} and nothing else configured. */
    public static JwtSettings ofJwks(String jwks) {
        return new JwtSettings(null, jwks, null, null, null, null);
    }

    /** The secret's bytes, or {@code null} when no secret is configured. */
    byte[] hmacSecretBytes() {
        return hmacSecret == null ? null : hmacSecret.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Refuses a missing or short HS256 secret. The message names the variable and the rule,
     * never the secret.
     */
    static byte[] requireStrongSecret(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("ANALYTICS_JWT_SECRET is not set");
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("ANALYTICS_JWT_SECRET must be at least " + MIN_SECRET_BYTES
                    + " bytes (UTF-8) for HS256, but has " + bytes.length);
        }
        return bytes;
    }

    /** Keeps the secret out of logs and error messages. */
    @Override
    public String toString() {
        return "JwtSettings[hmacSecret=" + (hmacSecret == null ? "null" : "<redacted>")
                + ", jwks=" + jwks
                + ", issuer=" + issuer
                + ", audience=" + audience
                + ", roleClaimPath=" + roleClaimPath
                + ", clockSkew=" + clockSkew + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static boolean isValidPath(String path) {
        for (String segment : path.split("\\.", -1)) {
            if (segment.isEmpty()) {
                return false;
            }
        }
        return true;
    }
}
