package dev.campaignanalytics.app;

import com.nimbusds.jwt.SignedJWT;
import dev.campaignanalytics.http.auth.JwtSettings;
import dev.campaignanalytics.http.auth.JwtVerifier;
import dev.campaignanalytics.http.auth.Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
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
    void aBareOffsetIsNotADefaultZoneAsItIsNoRequestsTz() {
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
                () -> AppConfig.fromEnvironment(Map.of("ANALYTICS_DEFAULT_TZ", "+05:30")));

        assertThat(refused).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ANALYTICS_DEFAULT_TZ").hasMessageContaining("must be an IANA time zone");
        assertThat(AppConfig.fromEnvironment(Map.of("ANALYTICS_DEFAULT_TZ", "Asia/Kathmandu")).defaultZone())
                .hasToString("Asia/Kathmandu");
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

    /** Each kind of unusable setting: exit code 2 and exactly one line on stderr, naming the variable and the rule. */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "ANALYTICS_HTTP_PORT        | 70000           | must be between 0 and 65535",
            "ANALYTICS_MAX_RANGE_DAYS   | many            | must be a whole number",
            "ANALYTICS_DEFAULT_TZ       | Mars/Olympus    | must be an IANA time zone",
            "ANALYTICS_JWT_SECRET       | short           | must be at least 32 bytes",
            "ANALYTICS_TRACK_MAX_FUTURE | 5 minutes       | must be a duration",
            "ANALYTICS_IP_ANONYMIZE     | maybe           | must be true or false",
            "ANALYTICS_METRICS          | sometimes       | must be one of off, public, token, got 'sometimes'",
            "ANALYTICS_METRICS_TOKEN    | tiny            | must be at least 32 characters",
            "ANALYTICS_LOG_FORMAT       | xml             | must be one of text, json, got 'xml'",
            "ANALYTICS_SHUTDOWN_TIMEOUT | soon            | must be a duration",
            "ANALYTICS_SHUTDOWN_GRACE   | -1s             | must be a duration",
            "ANALYTICS_JWT_ROLE_CLAIM   | app..role       | must be claim names separated by single dots",
            "ANALYTICS_DB_URL           | mysql://db/x    | must be a jdbc:postgresql: URL",
            "ANALYTICS_LOG_FROMAT       | json            | unknown setting; did you mean ANALYTICS_LOG_FORMAT?",
            "ANALYTICS_METRIC           | public          | unknown setting; did you mean ANALYTICS_METRICS?"})
    void anUnusableSettingStopsServeWithExitCodeTwoAndOneLine(String name, String value, String rule) {
        Map<String, String> env = new HashMap<>();
        env.put("ANALYTICS_DATA_DIR", dataDir.toString());
        env.put(name, value);

        int code = run(env, "serve");

        assertThat(code).isEqualTo(2);
        List<String> lines = err.toString().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("configuration error: " + name + ": " + rule);
    }

    @Test
    void aMetricsTokenWithPublicMetricsIsRefusedAsAMisunderstanding() {
        int code = run(Map.of("ANALYTICS_METRICS", "public", "ANALYTICS_METRICS_TOKEN", "x".repeat(40)), "serve");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("configuration error: ANALYTICS_METRICS_TOKEN: is set, but "
                + "ANALYTICS_METRICS=public lets anyone read the metrics; use token");
    }

    @Test
    void aJwksFileThatDoesNotExistStopsServeBeforeTheDatabaseStarts() {
        Path missing = dataDir.resolve("nowhere/jwks.json");
        int code = run(Map.of("ANALYTICS_DATA_DIR", dataDir.toString(), "ANALYTICS_JWT_JWKS", missing.toString()),
                "serve");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("configuration error: ANALYTICS_JWT_JWKS: file cannot be read: " + missing);
        assertThat(dataDir.resolve("postgres")).doesNotExist();
    }

    @Test
    void aJwksFileThatIsNotAJwkSetStopsServe() throws Exception {
        Path notJwks = Files.writeString(dataDir.resolve("jwks.json"), "{\"keys\": \"none\"}");
        int code = run(Map.of("ANALYTICS_DATA_DIR", dataDir.toString(), "ANALYTICS_JWT_JWKS", notJwks.toString()),
                "serve");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("configuration error: ANALYTICS_JWT_JWKS: file is not a valid JWK set: " + notJwks);
        assertThat(dataDir.resolve("postgres")).doesNotExist();
    }

    @Test
    void aJwksFileWithoutPublicKeysStopsServe() throws Exception {
        Path symmetric = Files.writeString(dataDir.resolve("jwks.json"),
                "{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA\"}]}");
        int code = run(Map.of("ANALYTICS_DATA_DIR", dataDir.toString(), "ANALYTICS_JWT_JWKS", symmetric.toString()),
                "serve");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo(
                "configuration error: ANALYTICS_JWT_JWKS: file has no RSA or EC public key: " + symmetric);
    }

    @Test
    void theOperabilitySettingsHaveTheirDocumentedDefaults() {
        AppConfig config = AppConfig.fromEnvironment(Map.of());

        assertThat(config.metrics()).isEqualTo(AppConfig.MetricsMode.TOKEN);
        assertThat(config.metricsToken()).isNull();
        assertThat(config.logFormat()).isEqualTo(AppConfig.LogFormat.TEXT);
        assertThat(config.shutdownGrace()).isZero();
        assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(20));
        AppConfig json = AppConfig.fromEnvironment(Map.of("ANALYTICS_LOG_FORMAT", "JSON", "ANALYTICS_METRICS", "off",
                "ANALYTICS_SHUTDOWN_GRACE", "5s"));
        assertThat(json.logFormat()).isEqualTo(AppConfig.LogFormat.JSON);
        assertThat(json.metrics()).isEqualTo(AppConfig.MetricsMode.OFF);
        assertThat(json.shutdownGrace()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theReadmeListsEveryVariableWithItsDefault() throws Exception {
        List<String> rows = Files.readAllLines(Path.of("..", "README.md")).stream()
                .filter(l -> l.startsWith("| `ANALYTICS_")).toList();
        for (Setting s : AppConfig.SETTINGS) {
            String row = rows.stream().filter(r -> r.contains("`" + s.name() + "`")).findFirst()
                    .orElseThrow(() -> new AssertionError("README has no row for " + s.name()));
            String defaultCell = row.split("\\|")[2].strip();
            assertThat(defaultCell).as(s.name())
                    .isEqualTo(s.defaultValue() == null ? "unset" : "`" + s.defaultValue() + "`");
        }
    }

    @Test
    void groupCommitAndRetentionSettingsAreReadAndChecked() {
        AppConfig config = AppConfig.fromEnvironment(Map.of("ANALYTICS_GROUP_COMMIT_MAX_EVENTS", "250",
                "ANALYTICS_GROUP_COMMIT_MAX_WAIT", "2ms", "ANALYTICS_RAW_RETENTION_MONTHS", "13"));
        assertThat(config.groupCommitMaxEvents()).isEqualTo(250);
        assertThat(config.groupCommitMaxWait()).isEqualTo(Duration.ofMillis(2));
        assertThat(config.rawRetentionMonths()).isEqualTo(13);

        assertThat(run(Map.of("ANALYTICS_GROUP_COMMIT_MAX_EVENTS", "0"), "serve")).isEqualTo(2);
        assertThat(run(Map.of("ANALYTICS_RAW_RETENTION_MONTHS", "-1"), "serve")).isEqualTo(2);
        assertThat(err.toString()).contains("ANALYTICS_GROUP_COMMIT_MAX_EVENTS", "ANALYTICS_RAW_RETENTION_MONTHS");
    }
}
