package dev.campaignanalytics.http.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static dev.campaignanalytics.http.auth.TestTokens.NOW;
import static dev.campaignanalytics.http.auth.TestTokens.SECRET;
import static dev.campaignanalytics.http.auth.TestTokens.clockAt;
import static dev.campaignanalytics.http.auth.TestTokens.pinnedClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenMinterTest {

    private static final List<String> EXPORTER = List.of(Permissions.ANALYTICS_READ, Permissions.ANALYTICS_EXPORT);

    @Test
    void generatedSecretIs48RandomBytesInBase64UrlAndAcceptedAsAnHs256Secret() {
        String first = TokenMinter.generateSecret();
        String second = TokenMinter.generateSecret();

        assertThat(Base64.getUrlDecoder().decode(first)).hasSize(48);
        assertThat(first).matches("[A-Za-z0-9_-]{64}");
        assertThat(first.getBytes(StandardCharsets.UTF_8).length).isGreaterThanOrEqualTo(32);
        assertThat(first).isNotEqualTo(second);
        assertThat(JwtSettings.ofSecret(first).hmacSecret()).isEqualTo(first);
    }

    @Test
    void mintedTokenCarriesTheRequestedClaimsAndExpiry() throws Exception {
        String token = TokenMinter.mint(SECRET, "ops@example.com", Permissions.MARKETING_ADMIN, EXPORTER,
                Duration.ofHours(8), "https://analytics.example.com", "campaign-analytics", pinnedClock());

        SignedJWT jwt = SignedJWT.parse(token);
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        assertThat(claims.getSubject()).isEqualTo("ops@example.com");
        assertThat(claims.getStringClaim("role")).isEqualTo(Permissions.MARKETING_ADMIN);
        assertThat(claims.getStringListClaim("permissions")).containsExactlyElementsOf(EXPORTER);
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW);
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(8)));
        assertThat(claims.getIssuer()).isEqualTo("https://analytics.example.com");
        assertThat(claims.getAudience()).containsExactly("campaign-analytics");
    }

    @Test
    void mintedTokenVerifiesWithTheSameSecretIssuerAndAudience() {
        String token = TokenMinter.mint(SECRET, "ops@example.com", Permissions.MARKETING_ADMIN, EXPORTER,
                Duration.ofHours(8), "https://analytics.example.com", "campaign-analytics", pinnedClock());
        JwtVerifier verifier = JwtVerifier.create(new JwtSettings(SECRET, null,
                "https://analytics.example.com", "campaign-analytics", null, null), pinnedClock());

        Principal principal = new AccessControl(verifier).authorize("Bearer " + token, Permissions.ANALYTICS_EXPORT);

        assertThat(principal.subject()).isEqualTo("ops@example.com");
        assertThat(principal.roles()).containsExactly(Permissions.MARKETING_ADMIN);
        assertThat(principal.permissions()).containsExactlyInAnyOrderElementsOf(EXPORTER);
    }

    @Test
    void mintedTokenWithoutIssuerIsRefusedByAVerifierThatRequiresOne() {
        String token = TokenMinter.mint(SECRET, "ops@example.com", Permissions.SUPER_ADMIN, List.of(),
                Duration.ofHours(1), null, null, pinnedClock());
        JwtVerifier verifier = JwtVerifier.create(
                new JwtSettings(SECRET, null, "https://analytics.example.com", null, null, null), pinnedClock());

        assertThat(TestTokens.hmacVerifier().verify(token).subject()).isEqualTo("ops@example.com");
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void mintedTokenStopsVerifyingOnceItsLifetimeAndTheSkewHavePassed() {
        String token = TokenMinter.mint(SECRET, "ops@example.com", Permissions.SUPER_ADMIN, List.of(),
                Duration.ofMinutes(30), null, null, pinnedClock());
        Instant expiry = NOW.plus(Duration.ofMinutes(30));

        JwtVerifier justBefore = JwtVerifier.create(JwtSettings.ofSecret(SECRET), clockAt(expiry.minusSeconds(1)));
        JwtVerifier pastSkew = JwtVerifier.create(JwtSettings.ofSecret(SECRET), clockAt(expiry.plusSeconds(61)));

        assertThat(justBefore.verify(token).subject()).isEqualTo("ops@example.com");
        assertThatThrownBy(() -> pastSkew.verify(token))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage(JwtVerifier.EXPIRED);
    }

    @Test
    void tokenMintedWithAnotherSecretDoesNotVerify() {
        String token = TokenMinter.mint(TestTokens.OTHER_SECRET, "ops@example.com", Permissions.SUPER_ADMIN,
                List.of(), Duration.ofHours(1), null, null, pinnedClock());

        assertThatThrownBy(() -> TestTokens.hmacVerifier().verify(token))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void mintingRefusesAShortSecretWithoutRevealingIt() {
        String shortSecret = "too-short-secret";

        assertThatThrownBy(() -> TokenMinter.mint(shortSecret, "ops", Permissions.SUPER_ADMIN, List.of(),
                Duration.ofHours(1), null, null, pinnedClock()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ANALYTICS_JWT_SECRET")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(shortSecret));
    }

    @Test
    void mintingRefusesAnUnknownPermission() {
        assertThatThrownBy(() -> TokenMinter.mint(SECRET, "ops", Permissions.MARKETING_ADMIN,
                List.of(Permissions.ANALYTICS_READ, "analytics.delete"), Duration.ofHours(1), null, null, pinnedClock()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("analytics.delete");
    }

    @Test
    void mintingRefusesANonPositiveLifetimeAndBlankSubjectOrRole() {
        assertThatThrownBy(() -> TokenMinter.mint(SECRET, "ops", Permissions.SUPER_ADMIN, List.of(),
                Duration.ZERO, null, null, pinnedClock())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenMinter.mint(SECRET, "ops", Permissions.SUPER_ADMIN, List.of(),
                Duration.ofMinutes(-5), null, null, pinnedClock())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenMinter.mint(SECRET, " ", Permissions.SUPER_ADMIN, List.of(),
                Duration.ofHours(1), null, null, pinnedClock())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenMinter.mint(SECRET, "ops", "", List.of(),
                Duration.ofHours(1), null, null, pinnedClock())).isInstanceOf(IllegalArgumentException.class);
    }
}
