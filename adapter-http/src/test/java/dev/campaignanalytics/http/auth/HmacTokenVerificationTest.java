package dev.campaignanalytics.http.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static dev.campaignanalytics.http.auth.TestTokens.NOW;
import static dev.campaignanalytics.http.auth.TestTokens.SECRET;
import static dev.campaignanalytics.http.auth.TestTokens.claims;
import static dev.campaignanalytics.http.auth.TestTokens.clockAt;
import static dev.campaignanalytics.http.auth.TestTokens.hmacVerifier;
import static dev.campaignanalytics.http.auth.TestTokens.hs256;
import static dev.campaignanalytics.http.auth.TestTokens.pinnedClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HmacTokenVerificationTest {

    private final JwtVerifier verifier = hmacVerifier();

    @Test
    void validHs256TokenYieldsTheCallerWithItsRoleAndPermissions() {
        Principal principal = verifier.verify(hs256(claims()
                .claim("permissions", List.of(Permissions.ANALYTICS_READ, Permissions.ANALYTICS_EXPORT))));

        assertThat(principal.subject()).isEqualTo("alice@example.com");
        assertThat(principal.roles()).containsExactly(Permissions.MARKETING_ADMIN);
        assertThat(principal.permissions())
                .containsExactlyInAnyOrder(Permissions.ANALYTICS_READ, Permissions.ANALYTICS_EXPORT);
    }

    @Test
    void onlyHs256IsAcceptedWhenOnlyASecretIsConfigured() {
        assertThat(verifier.acceptedAlgorithms()).containsExactly("HS256");
    }

    @Test
    void roleIsReadFromTheRoleString() {
        Principal principal = verifier.verify(hs256(claims().claim("role", Permissions.SUPER_ADMIN)));

        assertThat(principal.roles()).containsExactly(Permissions.SUPER_ADMIN);
    }

    @Test
    void rolesAreReadFromTheRolesArray() {
        Principal principal = verifier.verify(hs256(claims()
                .claim("role", null)
                .claim("roles", List.of("viewer", Permissions.MARKETING_ADMIN))));

        assertThat(principal.roles()).containsExactlyInAnyOrder("viewer", Permissions.MARKETING_ADMIN);
    }

    @Test
    void roleStringAndRolesArrayAreCombined() {
        Principal principal = verifier.verify(hs256(claims()
                .claim("role", "viewer")
                .claim("roles", List.of(Permissions.SUPER_ADMIN))));

        assertThat(principal.roles()).containsExactlyInAnyOrder("viewer", Permissions.SUPER_ADMIN);
    }

    @Test
    void roleIsReadFromAConfiguredNestedPathAndTheTopLevelRoleIsIgnored() {
        JwtVerifier supabase = JwtVerifier.create(
                new JwtSettings(SECRET, null, null, null, "app_metadata.role", null), pinnedClock());

        // Supabase puts its own "authenticated" role at the top level; only the configured path counts.
        Principal principal = supabase.verify(hs256(claims()
                .claim("role", Permissions.SUPER_ADMIN)
                .claim("app_metadata", Map.of("role", Permissions.MARKETING_ADMIN, "provider", "email"))));

        assertThat(principal.roles()).containsExactly(Permissions.MARKETING_ADMIN);
    }

    @Test
    void aConfiguredNestedPathMayHoldAnArrayOfRoles() {
        JwtVerifier verifierWithPath = JwtVerifier.create(
                new JwtSettings(SECRET, null, null, null, "app_metadata.authz.roles", null), pinnedClock());

        Principal principal = verifierWithPath.verify(hs256(claims()
                .claim("app_metadata", Map.of("authz", Map.of("roles", List.of("viewer", Permissions.SUPER_ADMIN))))));

        assertThat(principal.roles()).containsExactlyInAnyOrder("viewer", Permissions.SUPER_ADMIN);
    }

    @Test
    void aConfiguredPathThatIsOneNamespacedClaimNameIsReadWhole() {
        JwtVerifier verifierWithPath = JwtVerifier.create(
                new JwtSettings(SECRET, null, null, null, "https://analytics.example.com/roles", null), pinnedClock());

        Principal principal = verifierWithPath.verify(hs256(claims()
                .claim("https://analytics.example.com/roles", List.of(Permissions.MARKETING_ADMIN))));

        assertThat(principal.roles()).containsExactly(Permissions.MARKETING_ADMIN);
    }

    @Test
    void aMissingConfiguredPathGivesNoRoles() {
        JwtVerifier verifierWithPath = JwtVerifier.create(
                new JwtSettings(SECRET, null, null, null, "app_metadata.role", null), pinnedClock());

        Principal principal = verifierWithPath.verify(hs256(claims().claim("app_metadata", "not an object")));

        assertThat(principal.roles()).isEmpty();
    }

    @Test
    void rolesAndPermissionsOfTheWrongTypeCountAsAbsent() {
        Principal principal = verifier.verify(hs256(claims()
                .claim("role", 42)
                .claim("roles", List.of(7, Permissions.MARKETING_ADMIN))
                .claim("permissions", Map.of("campaigns.read", true))));

        assertThat(principal.roles()).containsExactly(Permissions.MARKETING_ADMIN);
        assertThat(principal.permissions()).isEmpty();
    }

    @Test
    void tokenWithoutRoleOrPermissionsStillIdentifiesTheCaller() {
        Principal principal = verifier.verify(hs256(claims().claim("role", null).claim("permissions", null)));

        assertThat(principal.subject()).isEqualTo("alice@example.com");
        assertThat(principal.roles()).isEmpty();
        assertThat(principal.permissions()).isEmpty();
        assertThat(principal.isAdmin()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "garbage", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.%%%.abc", "a.b", "one.two.three.four"})
    void missingOrGarbageTokensAreRefused(String token) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void nullTokenIsRefused() {
        assertThatThrownBy(() -> verifier.verify(null))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage(JwtVerifier.MISSING);
    }

    @Test
    void oversizedTokenIsRefusedUnparsed() {
        String huge = hs256(claims().claim("padding", "x".repeat(JwtVerifier.MAX_TOKEN_CHARS)));

        assertThatThrownBy(() -> verifier.verify(huge))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage(JwtVerifier.TOO_LARGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE"})
    void unsignedTokenWithAlgNoneIsRefused(String algName) {
        String admin = TestTokens.unsigned(algName, claims().claim("role", Permissions.SUPER_ADMIN), "");

        assertThatThrownBy(() -> verifier.verify(admin)).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void algNoneTokenCarryingAValidHs256SignatureIsRefused() {
        String genuine = hs256(claims());
        String forged = TestTokens.unsigned("none", claims(), genuine.split("\\.")[2]);

        assertThatThrownBy(() -> verifier.verify(forged)).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void tamperedPayloadIsRefused() {
        String genuine = hs256(claims());
        String tampered = TestTokens.withPayload(genuine, claims().claim("role", Permissions.SUPER_ADMIN));

        assertThatThrownBy(() -> verifier.verify(tampered))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage(JwtVerifier.BAD_SIGNATURE);
    }

    @Test
    void tokenSignedWithAnotherSecretIsRefused() {
        assertThatThrownBy(() -> verifier.verify(hs256(TestTokens.OTHER_SECRET, claims())))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage(JwtVerifier.BAD_SIGNATURE);
    }

    @Test
    void hs512TokenSignedWithTheRightSecretIsRefusedBecauseOnlyHs256IsConfigured() throws Exception {
        String longSecret = "x".repeat(64);
        JwtVerifier hs256Only = JwtVerifier.create(JwtSettings.ofSecret(longSecret), pinnedClock());
        String hs512 = TestTokens.sign(JWSAlgorithm.HS512,
                new MACSigner(longSecret.getBytes(StandardCharsets.UTF_8)), claims());

        assertThatThrownBy(() -> hs256Only.verify(hs512))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage(JwtVerifier.ALGORITHM_NOT_ACCEPTED);
    }

    @Test
    void rs256TokenIsRefusedWhenOnlyASecretIsConfigured() {
        String rs256 = TestTokens.rs256(TestTokens.newRsaKey("rsa-1"), claims());

        assertThatThrownBy(() -> verifier.verify(rs256))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage(JwtVerifier.ALGORITHM_NOT_ACCEPTED);
    }

    @Test
    void es256TokenIsRefusedWhenOnlyASecretIsConfiguredEvenWithAnAllZeroSignature() {
        String es256 = TestTokens.es256(TestTokens.newEcKey("ec-1"), claims());
        String[] parts = es256.split("\\.");
        String zeroSignature = parts[0] + "." + parts[1] + "." + TestTokens.base64Url(new byte[64]);

        for (String token : List.of(es256, zeroSignature)) {
            assertThatThrownBy(() -> verifier.verify(token))
                    .isInstanceOf(AuthenticationFailedException.class)
                    .hasMessage(JwtVerifier.ALGORITHM_NOT_ACCEPTED);
        }
    }

    @Test
    void tokenExpiredBeyondTheClockSkewIsRefused() {
        String token = hs256(claims().expirationTime(Date.from(NOW.minusSeconds(61))));

        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage(JwtVerifier.EXPIRED);
    }

    @Test
    void tokenExpiredWithinTheClockSkewIsAccepted() {
        String token = hs256(claims().expirationTime(Date.from(NOW.minusSeconds(59))));

        assertThat(verifier.verify(token).subject()).isEqualTo("alice@example.com");
    }

    @Test
    void aSmallerConfiguredClockSkewIsHonoured() {
        JwtVerifier strict = JwtVerifier.create(
                new JwtSettings(SECRET, null, null, null, null, Duration.ofSeconds(5)), pinnedClock());

        assertThat(strict.verify(hs256(claims().expirationTime(Date.from(NOW.minusSeconds(4))))).subject())
                .isEqualTo("alice@example.com");
        assertThatThrownBy(() -> strict.verify(hs256(claims().expirationTime(Date.from(NOW.minusSeconds(6))))))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage(JwtVerifier.EXPIRED);
    }

    @Test
    void tokenNotValidBeforeAFutureTimeIsRefused() {
        String token = hs256(claims().notBeforeTime(Date.from(NOW.plusSeconds(61))));

        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage(JwtVerifier.NOT_YET_VALID);
    }

    @Test
    void tokenWhoseNotBeforeIsWithinTheClockSkewIsAccepted() {
        String token = hs256(claims().notBeforeTime(Date.from(NOW.plusSeconds(59))));

        assertThat(verifier.verify(token).subject()).isEqualTo("alice@example.com");
    }

    @Test
    void tokenWithoutExpiryIsRefused() {
        assertThatThrownBy(() -> verifier.verify(hs256(claims().expirationTime(null))))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage("Bearer token lacks required claims: [exp]");
    }

    @Test
    void tokenWithoutSubjectIsRefused() {
        assertThatThrownBy(() -> verifier.verify(hs256(claims().subject(null))))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage("Bearer token lacks required claims: [sub]");
        assertThatThrownBy(() -> verifier.verify(hs256(claims().subject(" "))))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage("Bearer token lacks required claims: [sub]");
    }

    @Test
    void withoutAPinnedClockExpiryIsJudgedByTheRealTime() {
        JwtVerifier realTime = JwtVerifier.create(JwtSettings.ofSecret(SECRET));
        Instant realNow = Instant.now();
        String expired = hs256(claims()
                .issueTime(Date.from(realNow.minus(Duration.ofHours(2))))
                .expirationTime(Date.from(realNow.minus(Duration.ofMinutes(5)))));
        String current = hs256(claims()
                .issueTime(Date.from(realNow))
                .expirationTime(Date.from(realNow.plus(Duration.ofMinutes(5)))));

        assertThatThrownBy(() -> realTime.verify(expired))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage(JwtVerifier.EXPIRED);
        assertThat(realTime.verify(current).subject()).isEqualTo("alice@example.com");
    }

    @Test
    void configuredIssuerMustMatch() {
        JwtVerifier withIssuer = JwtVerifier.create(
                new JwtSettings(SECRET, null, "https://auth.example.com/", null, null, null), pinnedClock());

        assertThat(withIssuer.verify(hs256(claims().issuer("https://auth.example.com/"))).subject())
                .isEqualTo("alice@example.com");
        assertThatThrownBy(() -> withIssuer.verify(hs256(claims().issuer("https://evil.example.com/"))))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage(JwtVerifier.WRONG_ISSUER);
        assertThatThrownBy(() -> withIssuer.verify(hs256(claims())))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage("Bearer token lacks required claims: [iss]");
    }

    @Test
    void configuredAudienceMustBeAmongTheTokensAudiences() {
        JwtVerifier withAudience = JwtVerifier.create(
                new JwtSettings(SECRET, null, null, "campaign-analytics", null, null), pinnedClock());

        assertThat(withAudience.verify(hs256(claims().audience(List.of("other-api", "campaign-analytics")))).subject())
                .isEqualTo("alice@example.com");
        assertThatThrownBy(() -> withAudience.verify(hs256(claims().audience("other-api"))))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage(JwtVerifier.WRONG_AUDIENCE);
        assertThatThrownBy(() -> withAudience.verify(hs256(claims())))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage(JwtVerifier.WRONG_AUDIENCE);
    }

    @Test
    void issuerAndAudienceAreIgnoredWhenNotConfigured() {
        Principal principal = verifier.verify(hs256(claims().issuer("anyone").audience("anything")));

        assertThat(principal.subject()).isEqualTo("alice@example.com");
    }

    @Test
    void accessTokenTypeIsAcceptedButOtherTypesAreRefused() throws Exception {
        MACSigner signer = new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8));
        String accessToken = TestTokens.sign(new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(new JOSEObjectType("at+jwt")).build(), signer, claims());
        String logoutToken = TestTokens.sign(new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(new JOSEObjectType("logout+jwt")).build(), signer, claims());

        assertThat(verifier.verify(accessToken).subject()).isEqualTo("alice@example.com");
        assertThatThrownBy(() -> verifier.verify(logoutToken)).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void refusalMessagesNeverContainTheTokenOrTheSecret() {
        Clock later = clockAt(NOW.plus(Duration.ofDays(1)));
        JwtVerifier strict = JwtVerifier.create(
                new JwtSettings(SECRET, null, "https://auth.example.com/", "campaign-analytics", null, null), later);
        String issuer = "https://auth.example.com/";
        JWTClaimsSet.Builder good = claims().issuer(issuer).audience("campaign-analytics")
                .expirationTime(Date.from(NOW.plus(Duration.ofDays(2))));
        List<String> badTokens = List.of(
                hs256(claims().issuer(issuer).audience("campaign-analytics")),            // expired
                hs256(claims()),                                                          // lacks iss, aud
                hs256(TestTokens.OTHER_SECRET, good),                                      // wrong key
                hs256(copyOf(good).issuer("https://evil.example.com/" + SECRET)),        // wrong iss
                hs256(copyOf(good).audience("aud-" + SECRET)),                           // wrong aud
                hs256(copyOf(good).notBeforeTime(Date.from(NOW.plus(Duration.ofDays(3))))),
                TestTokens.unsigned("none", good, ""),
                TestTokens.withPayload(hs256(good), copyOf(good).claim("role", SECRET)),
                "not-a-token-" + SECRET,
                "eyJhbGciOiJIUzI1NiJ9." + TestTokens.base64Url("{not json " + SECRET) + ".c2ln");

        for (String token : badTokens) {
            assertThatThrownBy(() -> strict.verify(token))
                    .isInstanceOf(AuthenticationFailedException.class)
                    .satisfies(e -> {
                        assertThat(e.getMessage()).doesNotContain(token).doesNotContain(SECRET);
                        for (String part : token.split("\\.")) {
                            if (part.length() > 8) {
                                assertThat(e.getMessage()).doesNotContain(part);
                            }
                        }
                    });
        }
    }

    private static JWTClaimsSet.Builder copyOf(JWTClaimsSet.Builder builder) {
        return new JWTClaimsSet.Builder(builder.build());
    }
}
