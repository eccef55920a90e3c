package dev.campaignanalytics.http.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static dev.campaignanalytics.http.auth.TestTokens.SECRET;
import static dev.campaignanalytics.http.auth.TestTokens.claims;
import static dev.campaignanalytics.http.auth.TestTokens.pinnedClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwksTokenVerificationTest {

    private static final RSAKey RSA = TestTokens.newRsaKey("rsa-1");
    private static final ECKey EC = TestTokens.newEcKey("ec-1");
    private static final String PUBLIC_JWKS = new JWKSet(List.of(RSA.toPublicJWK(), EC.toPublicJWK())).toString();

    @TempDir
    static Path dir;
    private static Path jwksFile;

    @BeforeAll
    static void writePublicJwks() throws IOException {
        jwksFile = Files.writeString(dir.resolve("jwks.json"), PUBLIC_JWKS);
    }

    private static JwtVerifier jwksVerifier() {
        return JwtVerifier.create(JwtSettings.ofJwks(jwksFile.toString()), pinnedClock());
    }

    private static JwtVerifier secretAndJwksVerifier() {
        return JwtVerifier.create(new JwtSettings(SECRET, jwksFile.toString(), null, null, null, null), pinnedClock());
    }

    @Test
    void rs256TokenVerifiesAgainstAJwksFile() {
        Principal principal = jwksVerifier().verify(TestTokens.rs256(RSA, claims()));

        assertThat(principal.subject()).isEqualTo("alice@example.com");
        assertThat(principal.roles()).containsExactly(Permissions.MARKETING_ADMIN);
    }

    @Test
    void es256TokenVerifiesAgainstAJwksFile() {
        Principal principal = jwksVerifier().verify(TestTokens.es256(EC, claims()));

        assertThat(principal.subject()).isEqualTo("alice@example.com");
    }

    @Test
    void onlyRs256AndEs256AreAcceptedWhenOnlyAJwksIsConfigured() {
        assertThat(jwksVerifier().acceptedAlgorithms()).containsExactly("ES256", "RS256");
    }

    @Test
    void tokenSignedWithAKeyOutsideTheJwksIsRefused() {
        RSAKey stranger = TestTokens.newRsaKey("rsa-1");

        assertThatThrownBy(() -> jwksVerifier().verify(TestTokens.rs256(stranger, claims())))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage(JwtVerifier.BAD_SIGNATURE);
    }

    @Test
    void rs512TokenSignedWithAJwksKeyIsRefusedBecauseRs512IsNotConfigured() throws Exception {
        String rs512 = TestTokens.sign(JWSAlgorithm.RS512, new RSASSASigner(RSA), RSA.getKeyID(), claims());

        assertThatThrownBy(() -> jwksVerifier().verify(rs512))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage(JwtVerifier.ALGORITHM_NOT_ACCEPTED);
    }

    @Test
    void hs256TokenIsRefusedWhenOnlyAJwksIsConfigured() {
        assertThatThrownBy(() -> jwksVerifier().verify(TestTokens.hs256(claims())))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage(JwtVerifier.ALGORITHM_NOT_ACCEPTED);
    }

    /** Every way an attacker might spell the published RSA public key as an HMAC secret. */
    static Stream<Named<byte[]>> rsaPublicKeyEncodings() throws Exception {
        byte[] der = RSA.toRSAPublicKey().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n";
        return Stream.of(
                Named.of("DER SubjectPublicKeyInfo", der),
                Named.of("PEM text", pem.getBytes(StandardCharsets.UTF_8)),
                Named.of("public JWK JSON", RSA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)),
                Named.of("published JWKS document", PUBLIC_JWKS.getBytes(StandardCharsets.UTF_8)),
                Named.of("raw modulus", RSA.getModulus().decode()));
    }

    @ParameterizedTest
    @MethodSource("rsaPublicKeyEncodings")
    void hs256TokenSignedWithTheRsaPublicKeyAsSecretIsRefusedWhenOnlyAJwksIsConfigured(byte[] publicKeyBytes) {
        String forged = TestTokens.hs256WithKeyBytes(publicKeyBytes, claims().claim("role", Permissions.SUPER_ADMIN));

        assertThatThrownBy(() -> jwksVerifier().verify(forged)).isInstanceOf(AuthenticationFailedException.class);
    }

    @ParameterizedTest
    @MethodSource("rsaPublicKeyEncodings")
    void hs256TokenSignedWithTheRsaPublicKeyAsSecretIsRefusedWhenASecretIsConfiguredToo(byte[] publicKeyBytes) {
        String forged = TestTokens.hs256WithKeyBytes(publicKeyBytes, claims().claim("role", Permissions.SUPER_ADMIN));

        assertThatThrownBy(() -> secretAndJwksVerifier().verify(forged))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage(JwtVerifier.BAD_SIGNATURE);
    }

    @Test
    void withSecretAndJwksConfiguredEachAlgorithmVerifiesWithItsOwnKeys() {
        JwtVerifier both = secretAndJwksVerifier();

        assertThat(both.acceptedAlgorithms()).containsExactly("ES256", "HS256", "RS256");
        assertThat(both.verify(TestTokens.hs256(claims())).subject()).isEqualTo("alice@example.com");
        assertThat(both.verify(TestTokens.rs256(RSA, claims())).subject()).isEqualTo("alice@example.com");
        assertThat(both.verify(TestTokens.es256(EC, claims())).subject()).isEqualTo("alice@example.com");
    }

    @Test
    void es256TokenWithAnAllZeroSignatureIsRefused() {
        String genuine = TestTokens.es256(EC, claims());
        String[] parts = genuine.split("\\.");
        String zeroSignature = parts[0] + "." + parts[1] + "." + TestTokens.base64Url(new byte[64]);

        assertThatThrownBy(() -> jwksVerifier().verify(zeroSignature))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage(JwtVerifier.BAD_SIGNATURE);
    }

    @Test
    void es256TokenWithADerEncodedZeroSignatureIsRefused() {
        // r = 0, s = 0 as ASN.1 DER (SEQUENCE { INTEGER 0, INTEGER 0 }), the form CVE-2022-21449 was shown with
        String genuine = TestTokens.es256(EC, claims());
        String[] parts = genuine.split("\\.");
        byte[] der = {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00};
        String zeroSignature = parts[0] + "." + parts[1] + "." + TestTokens.base64Url(der);

        assertThatThrownBy(() -> jwksVerifier().verify(zeroSignature))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void es256TokenWhoseSignatureIsTheCurveOrderTwiceIsRefused() {
        // r = s = n, the order of P-256: equal to 0 modulo n, refused by a correct verifier as out of range
        byte[] order = java.util.HexFormat.of()
                .parseHex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
        byte[] signature = new byte[64];
        System.arraycopy(order, 0, signature, 0, 32);
        System.arraycopy(order, 0, signature, 32, 32);
        String genuine = TestTokens.es256(EC, claims());
        String[] parts = genuine.split("\\.");

        assertThatThrownBy(() -> jwksVerifier().verify(parts[0] + "." + parts[1] + "." + TestTokens.base64Url(signature)))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage(JwtVerifier.BAD_SIGNATURE);
    }

    @Test
    void ps256TokenSignedWithAJwksKeyIsRefusedBecausePs256IsNotConfigured() throws Exception {
        String ps256 = TestTokens.sign(JWSAlgorithm.PS256, new RSASSASigner(RSA), RSA.getKeyID(), claims());

        assertThatThrownBy(() -> jwksVerifier().verify(ps256))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage(JwtVerifier.ALGORITHM_NOT_ACCEPTED);
    }

    @Test
    void tamperedRs256PayloadIsRefused() {
        String genuine = TestTokens.rs256(RSA, claims());
        String tampered = TestTokens.withPayload(genuine, claims().claim("role", Permissions.SUPER_ADMIN));

        assertThatThrownBy(() -> jwksVerifier().verify(tampered))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage(JwtVerifier.BAD_SIGNATURE);
    }

    @Test
    void unreadableJwksFileIsRefusedAtConstruction() {
        String missing = dir.resolve("no-such-jwks.json").toString();

        assertThatThrownBy(() -> JwtVerifier.create(JwtSettings.ofJwks(missing)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ANALYTICS_JWT_JWKS")
                .hasMessageContaining("cannot be read");
    }

    @Test
    void jwksFileThatIsNotAJwkSetIsRefusedAtConstruction() throws IOException {
        Path notJwks = Files.writeString(dir.resolve("not-jwks.json"), "{\"hello\": \"world\"");

        assertThatThrownBy(() -> JwtVerifier.create(JwtSettings.ofJwks(notJwks.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ANALYTICS_JWT_JWKS")
                .hasMessageContaining("not a valid JWK set");
    }

    @Test
    void jwksFileWithOnlyASymmetricKeyIsRefusedAtConstruction() throws Exception {
        OctetSequenceKey symmetric = new OctetSequenceKeyGenerator(256).keyID("oct-1").generate();
        Path octOnly = Files.writeString(dir.resolve("oct.json"), new JWKSet(symmetric).toString(false));

        assertThatThrownBy(() -> JwtVerifier.create(JwtSettings.ofJwks(octOnly.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ANALYTICS_JWT_JWKS")
                .hasMessageContaining("no RSA or EC public key");
    }

    @Test
    void malformedJwksUrlIsRefusedAtConstruction() {
        assertThatThrownBy(() -> JwtVerifier.create(JwtSettings.ofJwks("https://exa mple.com/jwks.json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ANALYTICS_JWT_JWKS");
    }

    @Test
    void jwksServedOverHttpIsFetchedOnFirstUseAndThenCached() throws IOException {
        AtomicInteger fetches = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = PUBLIC_JWKS.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
            JwtVerifier remote = JwtVerifier.create(JwtSettings.ofJwks(url), pinnedClock());
            assertThat(fetches).hasValue(0);

            assertThat(remote.verify(TestTokens.rs256(RSA, claims())).subject()).isEqualTo("alice@example.com");
            assertThat(remote.verify(TestTokens.es256(EC, claims())).subject()).isEqualTo("alice@example.com");
            assertThatThrownBy(() -> remote.verify(TestTokens.hs256(claims())))
                    .isInstanceOf(AuthenticationFailedException.class);

            assertThat(fetches).hasValue(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void unreachableJwksUrlFailsClosed() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        int port = server.getAddress().getPort();
        server.stop(0); // nothing listens there any more
        JwtVerifier remote = JwtVerifier.create(
                JwtSettings.ofJwks("http://127.0.0.1:" + port + "/jwks.json"), pinnedClock());

        assertThatThrownBy(() -> remote.verify(TestTokens.rs256(RSA, claims())))
                .isInstanceOf(SigningKeysUnavailableException.class)
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage(JwtVerifier.KEYS_UNAVAILABLE);
    }
}
