package dev.campaignanalytics.http.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/** Builds tokens for tests, including deliberately bad ones. */
final class TestTokens {

    /** 42 bytes: long enough for HS256. */
    static final String SECRET = "campaign-analytics-test-secret-0123456789";
    static final String OTHER_SECRET = "a-different-but-equally-long-secret-98765";

    /** The instant every pinned test clock reads. */
    static final Instant NOW = Instant.parse("2031-03-04T05:06:07Z");

    private TestTokens() {
    }

    static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    static Clock pinnedClock() {
        return clockAt(NOW);
    }

    /** A verifier for {@link #SECRET} whose clock reads {@link #NOW}. */
    static JwtVerifier hmacVerifier() {
        return JwtVerifier.create(JwtSettings.ofSecret(SECRET), pinnedClock());
    }

    /** Claims of a marketing admin allowed to read analytics, valid for an hour around {@link #NOW}. */
    static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .subject("alice@example.com")
                .issueTime(Date.from(NOW.minus(Duration.ofMinutes(10))))
                .expirationTime(Date.from(NOW.plus(Duration.ofHours(1))))
                .claim("role", Permissions.MARKETING_ADMIN)
                .claim("permissions", List.of(Permissions.ANALYTICS_READ));
    }

    static String hs256(String secret, JWTClaimsSet.Builder claims) {
        return sign(JWSAlgorithm.HS256, macSigner(secret.getBytes(StandardCharsets.UTF_8)), claims);
    }

    static String hs256(JWTClaimsSet.Builder claims) {
        return hs256(SECRET, claims);
    }

    static String hs256WithKeyBytes(byte[] key, JWTClaimsSet.Builder claims) {
        return sign(JWSAlgorithm.HS256, macSigner(key), claims);
    }

    static String rs256(RSAKey key, JWTClaimsSet.Builder claims) {
        try {
            return sign(JWSAlgorithm.RS256, new RSASSASigner(key), key.getKeyID(), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String es256(ECKey key, JWTClaimsSet.Builder claims) {
        try {
            return sign(JWSAlgorithm.ES256, new ECDSASigner(key), key.getKeyID(), claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(JWSAlgorithm algorithm, JWSSigner signer, JWTClaimsSet.Builder claims) {
        return sign(algorithm, signer, null, claims);
    }

    static String sign(JWSAlgorithm algorithm, JWSSigner signer, String keyId, JWTClaimsSet.Builder claims) {
        return sign(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(keyId).build(), signer, claims);
    }

    static String sign(JWSHeader header, JWSSigner signer, JWTClaimsSet.Builder claims) {
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** An unsecured JWT, written by hand: header {@code {"alg":"none"}}, the claims, and the given signature part. */
    static String unsigned(String algName, JWTClaimsSet.Builder claims, String signaturePart) {
        return base64Url("{\"alg\":\"" + algName + "\",\"typ\":\"JWT\"}") + "."
                + base64Url(claims.build().toString()) + "." + signaturePart;
    }

    /** {@code token} with its payload replaced by {@code claims}, keeping header and signature. */
    static String withPayload(String token, JWTClaimsSet.Builder claims) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + base64Url(claims.build().toString()) + "." + parts[2];
    }

    static String base64Url(String text) {
        return base64Url(text.getBytes(StandardCharsets.UTF_8));
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static RSAKey newRsaKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey newEcKey(String keyId) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MACSigner macSigner(byte[] key) {
        try {
            return new MACSigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
