package dev.campaignanalytics.app;

import com.nimbusds.jwt.SignedJWT;
import dev.campaignanalytics.http.auth.JwtSettings;
import dev.campaignanalytics.http.auth.JwtVerifier;
import dev.campaignanalytics.http.auth.Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef-test-secret";

    @TempDir
    Path dataDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        return Main.run(env, new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void helpListsTheCommandsAndEveryEnvironmentVariableWithItsDefault() {
        int code = run(Map.of(), "--help");

        assertThat(code).isZero();
        String help = out.toString();
        assertThat(help).contains("serve", "migrate", "token");
        for (Setting s : AppConfig.SETTINGS) {
            assertThat(help).contains(s.name() + "  (default: "
                    + (s.defaultValue() == null ? "unset" : s.defaultValue()) + ")");
        }
    }

    @Test
    void tokenCommandPrintsATokenThatTheServerAccepts() throws Exception {
        int code = run(Map.of("ANALYTICS_JWT_SECRET", SECRET), "token", "--role", "marketing_admin",
                "--permission", "analytics.read", "--permission", "analytics.export", "--ttl", "1h");

        assertThat(code).as(err.toString()).isZero();
        String token = out.toString().trim();
        Principal p = JwtVerifier.create(JwtSettings.ofSecret(SECRET)).verify(token);
        assertThat(p.roles()).containsExactly("marketing_admin");
        assertThat(p.permissions()).containsExactlyInAnyOrder("analytics.read", "analytics.export");
        Instant exp = SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant();
        assertThat(Duration.between(Instant.now(), exp)).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));
    }

    @Test
    void tokenCommandWithoutAConfiguredSecretUsesTheOneKeptInTheDataDirectory() throws Exception {
        Map<String, String> env = Map.of("ANALYTICS_DATA_DIR", dataDir.toString());
        assertThat(run(env, "token", "--role", "super_admin")).isZero();

        Path secretFile = dataDir.resolve("jwt-secret");
        assertThat(secretFile).exists();
        assertThat(Files.getPosixFilePermissions(secretFile))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        String secret = Files.readString(secretFile).trim();
        Principal p = JwtVerifier.create(JwtSettings.ofSecret(secret)).verify(out.toString().trim());
        assertThat(p.isAdmin()).isTrue();
        assertThat(p.hasPermission("analytics.export")).isTrue();
    }

    @Test
    void aShortJwtSecretStopsWithExitCodeTwoAndNamesTheVariable() {
        int code = run(Map.of("ANALYTICS_JWT_SECRET", "too-short"), "token", "--role", "super_admin");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("ANALYTICS_JWT_SECRET").contains("32 bytes");
        assertThat(err.toString().lines().filter(l -> !l.isBlank()).count()).isEqualTo(1);
    }

    @Test
    void aBadPortStopsServeWithExitCodeTwo() {
        int code = run(Map.of("ANALYTICS_HTTP_PORT", "seventy"), "serve");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("ANALYTICS_HTTP_PORT").contains("whole number");
    }

    @Test
    void aMisspeltVariableIsReportedWithTheClosestKnownName() {
        Map<String, String> env = new HashMap<>();
        env.put("ANALYTICS_HTTP_PROT", "8080");
        int code = run(env);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("ANALYTICS_HTTP_PROT").contains("did you mean ANALYTICS_HTTP_PORT?");
    }

    @Test
    void badZoneDurationAndBooleanAreEachNamed() {
        assertThat(run(Map.of("ANALYTICS_DEFAULT_TZ", "Mars/Olympus"), "serve")).isEqualTo(2);
        assertThat(run(Map.of("ANALYTICS_TRACK_MAX_PAST", "3 days"), "serve")).isEqualTo(2);
        assertThat(run(Map.of("ANALYTICS_TRUST_PROXY", "yes"), "serve")).isEqualTo(2);
        assertThat(err.toString()).contains("ANALYTICS_DEFAULT_TZ", "ANALYTICS_TRACK_MAX_PAST", "ANALYTICS_TRUST_PROXY");
    }

    @Test
    void testVariablesAreNotMistakenForServerSettings() {
        AppConfig config = AppConfig.fromEnvironment(Map.of("ANALYTICS_TEST_DB_URL", "jdbc:postgresql://x/y",
                "PATH", "/usr/bin"));
        assertThat(config.embeddedDatabase()).isTrue();
        assertThat(config.httpPort()).isEqualTo(7070);
        assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(Set.of(config.trustProxy(), config.ipAnonymize())).containsExactlyInAnyOrder(false, true);
    }
}
