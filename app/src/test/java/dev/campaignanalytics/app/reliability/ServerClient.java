package dev.campaignanalytics.app.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaignanalytics.http.auth.Permissions;
import dev.campaignanalytics.http.auth.TokenMinter;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;

/** What the reliability tests ask of a running server over HTTP, and of its database over JDBC. */
final class ServerClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final IntSupplier port;
    private final String secret;

    ServerClient(IntSupplier port, String secret) {
        this.port = port;
        this.secret = secret;
    }

    String token() {
        return TokenMinter.mint(secret, "reliability-test", Permissions.SUPER_ADMIN, List.of(), Duration.ofMinutes(10),
                null, null, Clock.systemUTC());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port.getAsInt() + path);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    UUID createCampaign(String name) throws Exception {
        HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/v1/marketing/admin/campaigns"))
                .header("Authorization", "Bearer " + token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"campaign_name\":\"" + name + "\"}")));
        if (created.statusCode() != 201) {
            throw new AssertionError("campaign not created: " + created.statusCode() + " " + created.body());
        }
        return UUID.fromString(JSON.readTree(created.body()).get("data").get("id").asText());
    }

    /** The status of {@code GET /health/ready}, or -1 when there is no answer. */
    int readiness() {
        try {
            return send(HttpRequest.newBuilder(uri("/health/ready")).GET()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** One event on the single-event route, sent once. */
    HttpResponse<String> trackOnce(UUID campaign, String eventId, String type) throws Exception {
        String body = JSON.createObjectNode().put("campaign_id", campaign.toString()).put("event_type", type)
                .put("event_id", eventId).toString();
        return send(HttpRequest.newBuilder(uri("/v1/marketing/track-event"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The totals of the campaign's summary report for the UTC day of {@code at}, by event type. */
    Map<IngestLoad.Type, Long> reportedTotals(UUID campaign, Instant at) throws Exception {
        LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate();
        HttpResponse<String> reply = send(HttpRequest.newBuilder(uri("/v1/marketing/admin/analytics/campaigns/"
                        + campaign + "/summary?start_date=" + day + "&end_date=" + day + "&tz=UTC"))
                .header("Authorization", "Bearer " + token()).GET());
        if (reply.statusCode() != 200) {
            throw new AssertionError("report failed: " + reply.statusCode() + " " + reply.body());
        }
        JsonNode s = JSON.readTree(reply.body()).get("data").get("summary");
        Map<IngestLoad.Type, Long> totals = new EnumMap<>(IngestLoad.Type.class);
        totals.put(IngestLoad.Type.IMPRESSION, s.get("total_impressions").asLong());
        totals.put(IngestLoad.Type.VIEW, s.get("total_views").asLong());
        totals.put(IngestLoad.Type.CLICK, s.get("total_clicks").asLong());
        totals.put(IngestLoad.Type.CONVERSION, s.get("total_conversions").asLong());
        return totals;
    }

    /**
     * The stored events of the campaigns, by client event id: the server ids stored under each (more than one means
     * a duplicate was stored).
     */
    static Map<String, List<String>> storedByClientId(String jdbcUrl, String user, String password,
                                                       List<UUID> campaigns) throws SQLException {
        Map<String, List<String>> stored = new HashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement s = c.prepareStatement("SELECT client_event_id, id::text FROM campaign_analytics"
                     + " WHERE campaign_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("uuid", campaigns.toArray()));
            s.setFetchSize(10_000);
            c.setAutoCommit(false);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    stored.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getString(2));
                }
            }
        }
        return stored;
    }
}
