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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
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
 * <p>Instances are immutable and safe to share between threads.
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

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final Set<JWSAlgorithm> acceptedAlgorithms;
    private final String roleClaimPath;

    private JwtVerifier(DefaultJWTProcessor<SecurityContext> processor, Set<JWSAlgorithm> acceptedAlgorithms,
                        String roleClaimPath) {
        this.processor = processor;
        this.acceptedAlgorithms = Set.copyOf(acceptedAlgorithms);
        this.roleClaimPath = roleClaimPath;
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

        return new JwtVerifier(processor, keySelector.acceptedAlgorithms(), settings.roleClaimPath());
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
        SignedJWT signed = parseSigned(bearerToken.strip());
        JWTClaimsSet claims = process(signed);
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new AuthenticationFailedException("Bearer token lacks required claims: [sub]");
        }
        return new Principal(subject, TokenClaims.roles(claims, roleClaimPath), TokenClaims.permissions(claims));
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
