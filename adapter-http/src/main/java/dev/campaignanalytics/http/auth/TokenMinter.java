package dev.campaignanalytics.http.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Issues admin tokens signed with the server's own HS256 secret, for operators who have no identity
 * provider (the {@code token} command), and generates such secrets.
 *
 * <p>A minted token carries {@code sub}, {@code role}, {@code permissions}, {@code iat} and
 * {@code exp}, plus {@code iss} and {@code aud} when given, so that a {@link JwtVerifier} configured
 * with the same secret, issuer and audience accepts it until it expires.
 */
public final class TokenMinter {

    /** Random bytes in a generated secret: 384 bits, comfortably above HS256's 256-bit minimum. */
    static final int GENERATED_SECRET_BYTES = 48;

    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenMinter() {
    }

    /**
     * A new random HS256 secret: 48 random bytes, base64url-encoded without padding (64 characters,
     * used as the secret's text like any configured {@code ANALYTICS_JWT_SECRET}).
     */
    public static String generateSecret() {
        byte[] bytes = new byte[GENERATED_SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Signs an admin token with HS256.
     *
     * @param hmacSecret the server's {@code ANALYTICS_JWT_SECRET}, at least 32 bytes as UTF-8
     * @param subject who the token is for ({@code sub}), not blank
     * @param role the role granted ({@code role}), not blank, e.g. {@link Permissions#MARKETING_ADMIN}
     * @param permissions the permissions granted ({@code permissions}); each must be one of
     *     {@link Permissions#ALL}; may be empty
     * @param ttl how long the token is valid from now, positive
     * @param issuer the {@code iss} to put in, or {@code null}/blank for none
     * @param audience the {@code aud} to put in, or {@code null}/blank for none
     * @param clock where "now" ({@code iat}) comes from; times are whole seconds
     * @return the compact serialized token
     * @throws IllegalArgumentException when an argument breaks the rules above; the message never
     *     contains the secret
     */
    public static String mint(String hmacSecret, String subject, String role, List<String> permissions,
                              Duration ttl, String issuer, String audience, Clock clock) {
        byte[] secret = JwtSettings.requireStrongSecret(hmacSecret);
        requireText(subject, "subject");
        requireText(role, "role");
        Objects.requireNonNull(permissions, "permissions");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(clock, "clock");
        for (String permission : permissions) {
            if (!Permissions.isKnown(permission)) {
                throw new IllegalArgumentException("Unknown permission '" + permission + "'; known: "
                        + new TreeSet<>(Permissions.ALL));
            }
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("Token lifetime must be positive, was " + ttl);
        }

        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .claim(TokenClaims.ROLE, role)
                .claim(TokenClaims.PERMISSIONS, permissions.stream().distinct().toList())
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(ttl)));
        if (issuer != null && !issuer.isBlank()) {
            claims.issuer(issuer.strip());
        }
        if (audience != null && !audience.isBlank()) {
            claims.audience(audience.strip());
        }

        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                claims.build());
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("HS256 signing failed", e);
        }
        return jwt.serialize();
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Token " + name + " must not be blank");
        }
    }
}
