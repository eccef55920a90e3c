package dev.campaignanalytics.http.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Decides whether a bearer token proves who the caller is, and if so, who: the token's signature,
 * algorithm, validity period, issuer and audience are checked against {@link JwtSettings}, and the
 * verified claims become a {@link Principal}.
 *
 * <p>Rules, following RFC 8725:
 * <ul>
 *   <li>Only the configured algorithms are accepted (HS256 with a secret; RS256 and ES256 with a
 *       JWKS), each with its own keys. The token's header chooses among them but can never widen
 *       them: unsigned ({@code alg: none}), encrypted and otherwise-signed tokens are refused, and an
 *       HS256 token is never checked against an RSA or EC public key.</li>
 *   <li>{@code exp} is required: a token that never expires is refused. {@code sub} is required,
 *       since it names the caller. {@code exp} and {@code nbf} are honoured with the configured clock
 *       skew.</li>
 *   <li>{@code iss} must equal the configured issuer, and {@code aud} must contain the configured
 *       audience, when these are configured; a token lacking the claim is then refused.</li>
 *   <li>The header {@code typ}, when present, must be {@code JWT} or {@code at+jwt}.</li>
 * </ul>
 *
 * <p><b>Verified tokens are remembered.</b> A token that verified is accepted again, without its signature and
 * claims being checked again, while all of these hold: it is the same token text; {@code exp} and {@code nbf} still
 * pass exactly as they did (same clock, same skew: now &lt; exp + skew, now &gt; nbf − skew), so an expired token is
 * refused at once, with the same answer as before; and it was verified at most {@link #REMEMBER_AT_MOST} ago, so a
 * key withdrawn from the JWKS stops its tokens at most that long after the JWKS cache (five minutes) lets it go.
 * Tokens that fail are never remembered, and nothing is ever remembered that did not pass every check. At most
 * {@link #MAX_REMEMBERED} tokens of at most {@link #MAX_REMEMBERED_TOKEN_CHARS} characters are kept; past it the
 * memory starts again empty. There is no revocation list to consult; if one is added, check it on every call.
 *
 * <p>Instances are safe to share between threads.
 */
public final class JwtVerifier {

    /** Tokens longer than this are refused unparsed. */
    static final int MAX_TOKEN_CHARS = 16 * 1024;

    static final String MISSING = "Bearer token is missing";
    static final String TOO_LARGE = "Bearer token is too large";
    static final String MALFORMED = "Bearer token is malformed";
    static final String ALGORITHM_NOT_ACCEPTED = "Bearer token is not signed with an accepted algorithm";
    static final String NO_MATCHING_KEY = "Bearer token is not signed with an accepted algorithm and key";
    static final String BAD_SIGNATURE = "Bearer token signature is invalid";
    static final String EXPIRED = "Bearer token has expired";
    static final String NOT_YET_VALID = "Bearer token is not valid yet";
    static final String WRONG_ISSUER = "Bearer token was issued by an issuer that is not accepted";
    static final String WRONG_AUDIENCE = "Bearer token is not meant for this service (audience)";
    static final String REJECTED = "Bearer token was rejected";
    static final String KEYS_UNAVAILABLE = "Bearer token cannot be checked now: the signing keys are unavailable";

    private static final Set<JWSAlgorithm> JWKS_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    /** How long a verified token is accepted again without being verified again, at most. */
    static final Duration REMEMBER_AT_MOST = Duration.ofSeconds(60);
    /** The most verified tokens remembered at once. */
    static final int MAX_REMEMBERED = 1_024;
    /** Longer tokens are verified on every call. */
    static final int MAX_REMEMBERED_TOKEN_CHARS = 4_096;

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final Set<JWSAlgorithm> acceptedAlgorithms;
    private final String roleClaimPath;
    private final Clock clock;
    private final long clockSkewMillis;
    private final Map<String, Verified> remembered = new ConcurrentHashMap<>();

    private JwtVerifier(DefaultJWTProcessor<SecurityContext> processor, Set<JWSAlgorithm> acceptedAlgorithms,
                        String roleClaimPath, Clock clock, Duration clockSkew) {
        this.processor = processor;
        this.acceptedAlgorithms = Set.copyOf(acceptedAlgorithms);
        this.roleClaimPath = roleClaimPath;
        this.clock = clock;
        this.clockSkewMillis = clockSkew.toSeconds() * 1000;
    }

    /**
     * A token that passed every check, with the instants (epoch milliseconds) between which the time checks pass:
     * after {@code notBeforeMillis} (nbf − skew, or {@link Long#MIN_VALUE} without nbf), before
     * {@code expiresMillis} (exp + skew), and before {@code forgetMillis} ({@link #REMEMBER_AT_MOST} after it was
     * verified).
     */
    private record Verified(Principal principal, long notBeforeMillis, long expiresMillis, long forgetMillis) {
        boolean stillValidAt(long nowMillis) {
            return nowMillis > notBeforeMillis && nowMillis < expiresMillis && nowMillis < forgetMillis;
        }
    }

    /**
     * A verifier for {@code settings}, reading the current time from the system clock.
     *
     * @throws IllegalArgumentException when a JWKS file is unreadable or holds no RSA/EC public key,
     *     or a JWKS URL is malformed; the message names {@code ANALYTICS_JWT_JWKS}. A JWKS URL is not
     *     fetched here but on first use, then cached.
     */
    public static JwtVerifier create(JwtSettings settings) {
        return create(settings, Clock.systemUTC());
    }

    /** Like {@link #create(JwtSettings)}, with "now" for {@code exp}/{@code nbf} read from {@code clock}. */
    public static JwtVerifier create(JwtSettings settings, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");

        Map<JWSAlgorithm, JWSKeySelector<SecurityContext>> selectors = new LinkedHashMap<>();
        if (settings.hmacSecret() != null) {
            selectors.put(JWSAlgorithm.HS256, new JWSVerificationKeySelector<>(
                    JWSAlgorithm.HS256, new ImmutableSecret<>(settings.hmacSecretBytes())));
        }
        if (settings.jwks() != null) {
            JWKSource<SecurityContext> keys = JwksSource.of(settings.jwks());
            JWSKeySelector<SecurityContext> publicKeySelector = new JWSVerificationKeySelector<>(JWKS_ALGORITHMS, keys);
            for (JWSAlgorithm algorithm : JWKS_ALGORITHMS) {
                selectors.put(algorithm, publicKeySelector);
            }
        }
        AlgorithmKeySelector keySelector = new AlgorithmKeySelector(selectors);

        JWTClaimsSet.Builder exactMatch = new JWTClaimsSet.Builder();
        if (settings.issuer() != null) {
            exactMatch.issuer(settings.issuer());
        }
        Set<String> acceptedAudience = settings.audience() == null ? null : Set.of(settings.audience());
        Set<String> required = Set.of(JWTClaimNames.EXPIRATION_TIME, JWTClaimNames.SUBJECT);

        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(
                JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        processor.setJWSKeySelector(keySelector);
        processor.setJWTClaimsSetVerifier(new ClockedClaimsVerifier(
                acceptedAudience, exactMatch.build(), required, (int) settings.clockSkew().toSeconds(), clock));

        return new JwtVerifier(processor, keySelector.acceptedAlgorithms(), settings.roleClaimPath(), clock,
                settings.clockSkew());
    }

    /** The names of the accepted signature algorithms, e.g. {@code [ES256, HS256, RS256]}. */
    public Set<String> acceptedAlgorithms() {
        return acceptedAlgorithms.stream().map(JWSAlgorithm::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Verifies a token and names its caller.
     *
     * @param bearerToken the compact JWT, without the {@code Bearer } prefix
     * @return the caller, with the roles and permissions the token grants (not yet checked against
     *     any route: see {@link AccessControl})
     * @throws AuthenticationFailedException when the token is missing, malformed, not signed with an
     *     accepted algorithm and key, expired, not yet valid, lacks {@code exp} or {@code sub}, or has
     *     the wrong issuer or audience
     */
    public Principal verify(String bearerToken) throws AuthenticationFailedException {
        if (bearerToken == null || bearerToken.isBlank()) {
            throw new AuthenticationFailedException(MISSING);
        }
        if (bearerToken.length() > MAX_TOKEN_CHARS) {
            throw new AuthenticationFailedException(TOO_LARGE);
        }
        String token = bearerToken.strip();
        Verified known = remembered.get(token);
        if (known != null) {
            if (known.stillValidAt(clock.millis())) {
                return known.principal();
            }
            // Verified again below, which refuses it with the precise reason if it no longer passes.
            remembered.remove(token, known);
        }
        long verifiedAt = clock.millis();
        SignedJWT signed = parseSigned(token);
        JWTClaimsSet claims = process(signed);
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new AuthenticationFailedException("Bearer token lacks required claims: [sub]");
        }
        Principal principal = new Principal(subject, TokenClaims.roles(claims, roleClaimPath),
                TokenClaims.permissions(claims));
        remember(token, principal, claims, verifiedAt);
        return principal;
    }

    /** Whether {@code token} would be accepted now without being verified again. */
    boolean remembers(String token) {
        Verified known = remembered.get(token);
        return known != null && known.stillValidAt(clock.millis());
    }

    /**
     * Remembers a token that passed every check at {@code verifiedAt} (read before the checks, so that the memory
     * never outlasts what the checks allowed).
     */
    private void remember(String token, Principal principal, JWTClaimsSet claims, long verifiedAt) {
        Date expires = claims.getExpirationTime();
        if (expires == null || token.length() > MAX_REMEMBERED_TOKEN_CHARS) {
            return;
        }
        Date notBefore = claims.getNotBeforeTime();
        if (remembered.size() >= MAX_REMEMBERED) {
            remembered.clear();
        }
        remembered.put(token, new Verified(principal,
                notBefore == null ? Long.MIN_VALUE : notBefore.getTime() - clockSkewMillis,
                expires.getTime() + clockSkewMillis,
                verifiedAt + REMEMBER_AT_MOST.toMillis()));
    }

    private SignedJWT parseSigned(String token) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw new AuthenticationFailedException(MALFORMED);
        }
        // Unsigned (alg "none") and encrypted tokens end here, as do signatures by unconfigured algorithms.
        if (!(jwt instanceof SignedJWT signed) || !acceptedAlgorithms.contains(signed.getHeader().getAlgorithm())) {
            throw new AuthenticationFailedException(ALGORITHM_NOT_ACCEPTED);
        }
        return signed;
    }

    private JWTClaimsSet process(SignedJWT signed) {
        try {
            return processor.process(signed, null);
        } catch (ExpiredJWTException e) {
            throw new AuthenticationFailedException(EXPIRED);
        } catch (BadJWTException e) {
            throw new AuthenticationFailedException(describeClaimsRejection(e.getMessage()));
        } catch (BadJWSException e) {
            throw new AuthenticationFailedException(BAD_SIGNATURE);
        } catch (BadJOSEException e) {
            String message = String.valueOf(e.getMessage());
            throw new AuthenticationFailedException(
                    message.contains("no matching key") ? NO_MATCHING_KEY : REJECTED);
        } catch (KeySourceException e) {
            throw new SigningKeysUnavailableException(KEYS_UNAVAILABLE);
        } catch (JOSEException e) {
            throw new AuthenticationFailedException(REJECTED);
        }
    }

    /**
     * A caller-safe reason for a claims rejection. nimbus' messages name claims, never their values;
     * they are still translated rather than passed on, so that a wording change there cannot leak
     * anything here.
     */
    private static String describeClaimsRejection(String nimbusMessage) {
        String message = String.valueOf(nimbusMessage);
        if (message.startsWith("JWT before use time")) {
            return NOT_YET_VALID;
        }
        if (message.startsWith("JWT missing required claims:")) {
            return "Bearer token lacks required claims: " + missingClaimNames(message);
        }
        if (message.contains(" aud ")) {
            return WRONG_AUDIENCE;
        }
        if (message.contains(" iss ")) {
            return WRONG_ISSUER;
        }
        if (message.startsWith("Payload of JWS object is not a valid JSON")) {
            return MALFORMED;
        }
        return REJECTED;
    }

    /** Keeps only the known claim names that nimbus listed, e.g. {@code [exp, sub]}. */
    private static Set<String> missingClaimNames(String message) {
        Set<String> known = Set.of(JWTClaimNames.EXPIRATION_TIME, JWTClaimNames.SUBJECT,
                JWTClaimNames.ISSUER, JWTClaimNames.AUDIENCE);
        return known.stream().filter(name -> message.matches(".*[\\[ ,]" + name + "[,\\]].*"))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
