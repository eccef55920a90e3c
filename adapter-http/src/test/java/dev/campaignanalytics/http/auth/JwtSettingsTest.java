package dev.campaignanalytics.http.auth;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtSettingsTest {

    @Test
    void secretShorterThan32BytesIsRefusedNamingTheVariableButNotTheSecret() {
        String shortSecret = "only-thirty-one-bytes-long-0123";

        assertThat(shortSecret).hasSize(31);
        assertThatThrownBy(() -> JwtSettings.ofSecret(shortSecret))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ANALYTICS_JWT_SECRET")
                .hasMessageContaining("32 bytes")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(shortSecret));
    }

    @Test
    void secretLengthIsCountedInUtf8Bytes() {
        String sixteenAccents = "é".repeat(16); // 16 characters, 32 bytes

        assertThat(JwtSettings.ofSecret(sixteenAccents).hmacSecret()).isEqualTo(sixteenAccents);
        assertThatThrownBy(() -> JwtSettings.ofSecret("é".repeat(15) + "a"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void secretIsUsedExactlyAsGivenIncludingSurroundingSpaces() {
        String secret = " " + "s".repeat(32) + " ";

        assertThat(JwtSettings.ofSecret(secret).hmacSecret()).isEqualTo(secret);
    }

    @Test
    void neitherSecretNorJwksIsRefused() {
        assertThatThrownBy(() -> new JwtSettings(null, null, "iss", "aud", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ANALYTICS_JWT_SECRET")
                .hasMessageContaining("ANALYTICS_JWT_JWKS");
    }

    @Test
    void blankValuesCountAsNotConfigured() {
        assertThatThrownBy(() -> new JwtSettings("  ", "", null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);

        JwtSettings settings = new JwtSettings("s".repeat(32), " ", " ", "", "  ", null);
        assertThat(settings.jwks()).isNull();
        assertThat(settings.issuer()).isNull();
        assertThat(settings.audience()).isNull();
        assertThat(settings.roleClaimPath()).isNull();
    }

    @Test
    void clockSkewDefaultsTo60Seconds() {
        assertThat(JwtSettings.ofSecret("s".repeat(32)).clockSkew()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void clockSkewOutside0To60SecondsIsRefused() {
        String secret = "s".repeat(32);

        assertThat(new JwtSettings(secret, null, null, null, null, Duration.ZERO).clockSkew()).isZero();
        assertThatThrownBy(() -> new JwtSettings(secret, null, null, null, null, Duration.ofSeconds(61)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JwtSettings(secret, null, null, null, null, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedRoleClaimPathIsRefused() {
        String secret = "s".repeat(32);

        assertThatThrownBy(() -> new JwtSettings(secret, null, null, null, "app_metadata..role", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JwtSettings(secret, null, null, null, "app_metadata.", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void textFormKeepsTheSecretOut() {
        String secret = "super-secret-value-that-must-not-leak";

        assertThat(JwtSettings.ofSecret(secret).toString())
                .doesNotContain(secret)
                .contains("<redacted>");
    }
}
