package dev.campaignanalytics.app.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.campaignanalytics.app.AppConfig.LogFormat;
import dev.campaignanalytics.app.Logging;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The log lines of requests, read back from standard output as the server writes them. */
class RequestLogTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String ACCESS = "dev.campaignanalytics.http.access";

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalOut;

    @BeforeEach
    void captureStandardOutput() {
        originalOut = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreTextLogsAndStandardOutput() {
        Logging.use(LogFormat.TEXT);
        System.setOut(originalOut);
    }

    private String output() {
        System.out.flush();
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** Every JSON line written so far; fails on a line that is not one JSON object. */
    private List<JsonNode> jsonLines() {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output().split("\n")) {
            if (!line.isBlank()) {
                assertThat(line).startsWith("{").endsWith("}");
                lines.add(RunningServer.json(line));
            }
        }
        return lines;
    }

    private List<JsonNode> linesOf(String requestId) {
        return jsonLines().stream().filter(l -> l.path("request_id").asText().equals(requestId)).toList();
    }

    private JsonNode accessLineOf(String requestId) {
        List<JsonNode> access = linesOf(requestId).stream()
                .filter(l -> l.get("logger").asText().equals(ACCESS)).toList();
        assertThat(access).as("access lines of %s in %s", requestId, output()).hasSize(1);
        return access.get(0);
    }

    @Test
    void aGivenRequestIdIsEchoedAndLoggedWithTheAccessFields() {
        Logging.use(LogFormat.JSON);
        try (RunningServer server = RunningServer.start(db, "ANALYTICS_TRUST_PROXY", "true")) {
            HttpResponse<String> reply = server.send(server.request("/v1/marketing/admin/campaigns")
                    .header("Authorization", "Bearer " + server.app.localAdminToken())
                    .header("X-Request-Id", "given-id_1.2")
                    .header("X-Forwarded-For", "203.0.113.77, 10.1.2.3")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"campaign_name\":\"Logged\",\"template_type\":\"banner\"}")));

            assertThat(reply.statusCode()).isEqualTo(201);
            assertThat(reply.headers().firstValue("X-Request-Id")).contains("given-id_1.2");
            JsonNode line = accessLineOf("given-id_1.2");
            assertThat(line.get("level").asText()).isEqualTo("INFO");
            assertThat(line.get("method").asText()).isEqualTo("POST");
            assertThat(line.get("route").asText()).isEqualTo("/v1/marketing/admin/campaigns");
            assertThat(line.get("status").isInt()).isTrue();
            assertThat(line.get("status").asInt()).isEqualTo(201);
            assertThat(line.get("duration_ms").isNumber()).isTrue();
            assertThat(line.get("duration_ms").asDouble()).isNotNegative();
            assertThat(line.get("client").asText()).isEqualTo("203.0.113.0");
            assertThat(Instant.parse(line.get("timestamp").asText())).isBefore(Instant.now().plusSeconds(1));
            assertThat(line.get("message").asText()).contains("POST /v1/marketing/admin/campaigns 201");
        }
    }

    @Test
    void acceptedTrackingRequestsAreNotLoggedAtInfoButRefusedOnesAre() {
        Logging.use(LogFormat.JSON);
        try (RunningServer server = RunningServer.start(db)) {
            String c = server.campaign("Tracked");
            for (String route : List.of("/v1/marketing/track-event", "/v1/marketing/track-events")) {
                String event = "{\"campaign_id\":\"" + c + "\",\"event_type\":\"view\"}";
                String body = route.endsWith("events") ? "{\"events\":[" + event + "]}" : event;
                HttpResponse<String> accepted = server.send(server.request(route)
                        .header("X-Request-Id", "accepted" + route.length())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
                HttpResponse<String> refused = server.send(server.request(route)
                        .header("X-Request-Id", "refused" + route.length())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"campaign_id\":\"" + c + "\"}")));

                assertThat(accepted.statusCode()).isEqualTo(200);
                assertThat(refused.statusCode()).isEqualTo(400);
                assertThat(linesOf("accepted" + route.length())).as("lines of the accepted request to %s", route)
                        .isEmpty();
                JsonNode line = accessLineOf("refused" + route.length());
                assertThat(line.get("level").asText()).isEqualTo("INFO");
                assertThat(line.get("route").asText()).isEqualTo(route);
                assertThat(line.get("status").asInt()).isEqualTo(400);
            }
        }
    }

    @Test
    void aMissingRequestIdIsGeneratedEchoedAndLogged() {
        Logging.use(LogFormat.JSON);
        try (RunningServer server = RunningServer.start(db)) {
            HttpResponse<String> reply = server.send(server.request("/v1/marketing/admin/campaigns")
                    .header("Authorization", "Bearer " + server.app.localAdminToken()).GET());

            String id = reply.headers().firstValue("X-Request-Id").orElseThrow();
            assertThat(id).matches(UUID_PATTERN);
            JsonNode line = accessLineOf(id);
            assertThat(line.get("route").asText()).isEqualTo("/v1/marketing/admin/campaigns");
            assertThat(line.get("client").asText()).isEqualTo("127.0.0.0");
        }
    }

    @Test
    void anInvalidRequestIdIsReplacedAndNeverLogged() {
        Logging.use(LogFormat.JSON);
        try (RunningServer server = RunningServer.start(db)) {
            for (String invalid : List.of("has spaces", "x".repeat(129), "quote\"d", "semi;colon")) {
                HttpResponse<String> reply = server.send(server.request("/v1/marketing/no-such-route")
                        .header("X-Request-Id", invalid).GET());

                String id = reply.headers().firstValue("X-Request-Id").orElseThrow();
                assertThat(id).matches(UUID_PATTERN);
                assertThat(accessLineOf(id).get("route").asText()).isEqualTo("unmatched");
                assertThat(output()).doesNotContain(invalid);
            }
            String longest = "a".repeat(128);
            assertThat(server.send(server.request("/v1/marketing/no-such-route").header("X-Request-Id", longest)
                    .GET()).headers().firstValue("X-Request-Id")).contains(longest);
        }
    }

    @Test
    void everyLineLoggedWhileARequestIsServedCarriesItsId() throws Exception {
        Logging.use(LogFormat.JSON);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (RunningServer server = RunningServer.start(db,
                "ANALYTICS_JWT_JWKS", "http://127.0.0.1:" + closedPort + "/jwks.json")) {
            // an RS256 token makes the server fetch the JWKS, which fails: a warning logged mid-request
            HttpResponse<String> reply = server.send(server.request("/v1/marketing/admin/campaigns")
                    .header("X-Request-Id", "keys-down-1")
                    .header("Authorization", "Bearer " + rs256Token()).GET());
            assertThat(reply.statusCode()).isEqualTo(503);

            List<JsonNode> lines = linesOf("keys-down-1");
            assertThat(lines).extracting(l -> l.get("logger").asText())
                    .contains("dev.campaignanalytics.http.ErrorMapping", ACCESS);
            assertThat(lines).filteredOn(l -> l.get("level").asText().equals("WARN")).isNotEmpty();
        }
    }

    @Test
    void logsHoldNoTokenNoQueryStringNoSecretAndNoFullAddress() {
        Logging.use(LogFormat.JSON);
        String ipv6 = "2001:db8:1234:5678:9abc:def0:1234:5678";
        try (RunningServer server = RunningServer.start(db, "ANALYTICS_TRUST_PROXY", "true")) {
            String admin = server.app.localAdminToken();
            server.send(server.request("/v1/marketing/admin/campaigns?access_token=QUERY-SECRET-42&q=x")
                    .header("Authorization", "Bearer " + admin)
                    .header("X-Forwarded-For", "198.51.100.99").GET());
            server.send(server.request("/v1/marketing/admin/campaigns")
                    .header("Authorization", "Bearer forged.token.value")
                    .header("X-Forwarded-For", ipv6).GET());
            server.send(server.request("/metrics?access_token=QUERY-SECRET-43")
                    .header("Authorization", "Bearer " + admin).GET());

            String logs = output();
            assertThat(jsonLines()).isNotEmpty();
            // The address's fourth group and beyond are not logged in any notation. (Not the bare "5678": a random
            // request id holds it now and then, which once failed this test.)
            assertThat(logs).contains("198.51.100.0", "2001:db8:1234:0:0:0:0:0")
                    .doesNotContain("198.51.100.99", ipv6, "1234:5678", "5678:9abc", "QUERY-SECRET", "access_token",
                            admin, "forged.token.value", "Bearer", RunningServer.SECRET);
        }
    }

    @Test
    void neitherLogFormatHoldsTokensTheMetricsTokenOrTheSecretWhateverTheAnswer() throws Exception {
        String metricsToken = "metrics-token-NEVER-LOGGED-0123456789abcdef";
        for (LogFormat format : LogFormat.values()) {
            Logging.use(format);
            captured.reset();
            try (RunningServer server = RunningServer.start(db, "ANALYTICS_METRICS", "token",
                    "ANALYTICS_METRICS_TOKEN", metricsToken, "ANALYTICS_ADMIN_RATE_LIMIT", "1",
                    "ANALYTICS_RATE_LIMIT", "1")) {
                String admin = server.app.localAdminToken();
                String es256 = es256ZeroSignatureToken();
                // served, refused (401, 403), limited (429), and tokens in the query of the stream
                for (int i = 0; i < 3; i++) {
                    server.send(server.request("/v1/marketing/admin/campaigns")
                            .header("Authorization", "Bearer " + admin).GET());
                }
                server.send(server.request("/v1/marketing/admin/campaigns")
                        .header("Authorization", "Bearer " + es256).GET());
                server.send(server.request("/v1/marketing/admin/campaigns")
                        .header("Authorization", "Bearer " + RunningServer.token("viewer")).GET());
                server.send(server.request("/v1/marketing/admin/analytics/stream?access_token=" + es256).GET());
                server.send(server.request("/metrics").header("Authorization", "Bearer " + metricsToken).GET());
                server.send(server.request("/metrics").header("Authorization", "Bearer " + metricsToken + "x").GET());
                for (int i = 0; i < 3; i++) {
                    server.send(server.request("/v1/marketing/track-event").header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"token\":\"" + admin + "\"}")));
                }

                String logs = output();
                assertThat(logs).as(format + " logs").contains("/v1/marketing/admin/campaigns",
                        "/v1/marketing/track-event", "429");
                assertThat(logs).as(format + " logs").doesNotContain(admin, es256, metricsToken,
                        RunningServer.SECRET, admin.split("\\.")[2], es256.split("\\.")[1], "Bearer");
            }
        }
    }

    private static String es256ZeroSignatureToken() throws Exception {
        com.nimbusds.jose.jwk.ECKey key = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(
                com.nimbusds.jose.jwk.Curve.P_256).keyID("ec").generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec").build(),
                new JWTClaimsSet.Builder().subject("mallory").expirationTime(Date.from(Instant.now()
                        .plus(Duration.ofMinutes(5)))).claim("role", "super_admin").build());
        jwt.sign(new com.nimbusds.jose.crypto.ECDSASigner(key));
        String[] parts = jwt.serialize().split("\\.");
        return parts[0] + "." + parts[1] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(new byte[64]);
    }

    @Test
    void textLinesCarryTheRequestIdToo() {
        try (RunningServer server = RunningServer.start(db)) {
            server.send(server.request("/v1/marketing/admin/campaigns").header("X-Request-Id", "text-42")
                    .header("Authorization", "Bearer " + server.app.localAdminToken()).GET());

            assertThat(output()).containsPattern(
                    "INFO  \\[[^]]+] [\\w.]+ \\[text-42] - GET /v1/marketing/admin/campaigns 200 [0-9.]+ ms");
        }
    }

    private static String rs256Token() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("elsewhere").generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("elsewhere").build(),
                new JWTClaimsSet.Builder().subject("someone").expirationTime(Date.from(Instant.now()
                        .plus(Duration.ofMinutes(5)))).claim("role", "super_admin").build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
