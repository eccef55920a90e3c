package dev.campaignanalytics.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The assembled server streams the live feed, and closing it ends the streams and stops the database listener. */
class ApplicationLiveFeedTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void aTrackedEventReachesTheStreamAndClosingEndsStreamAndListener() throws Exception {
        long listenersBefore = listenerThreads();
        Application app = Application.start(AppConfig.fromEnvironment(Map.of(
                "ANALYTICS_DB_URL", db.jdbcUrl(),
                "ANALYTICS_DB_USER", db.user(),
                "ANALYTICS_DB_PASSWORD", db.password(),
                "ANALYTICS_DATA_DIR", dataDir.toString(),
                "ANALYTICS_HTTP_HOST", "127.0.0.1",
                "ANALYTICS_HTTP_PORT", "0",
                "ANALYTICS_JWT_SECRET", "application-live-feed-test-secret-0123456789")), Clock.systemUTC());
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = "http://127.0.0.1:" + app.port() + "/v1/marketing";
        String token = app.localAdminToken();
        try {
            String created = client.send(HttpRequest.newBuilder(URI.create(base + "/admin/campaigns"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"campaign_name\": \"Assembled\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            UUID campaign = UUID.fromString(JSON.readTree(created).get("data").get("id").asText());

            HttpResponse<InputStream> stream = client.send(HttpRequest.newBuilder(
                            URI.create(base + "/admin/analytics/stream?campaign_id=" + campaign))
                    .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
            CompletableFuture<String> firstData = CompletableFuture.supplyAsync(() -> readUntilData(lines));

            client.send(HttpRequest.newBuilder(URI.create(base + "/track-event"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"campaign_id\": \"" + campaign
                            + "\", \"event_type\": \"click\"}")).build(), HttpResponse.BodyHandlers.ofString());

            String data = firstData.get(5, TimeUnit.SECONDS);
            assertThat(JSON.readTree(data).get("event_type").asText()).isEqualTo("click");
            assertThat(listenerThreads()).isEqualTo(listenersBefore + 1);

            CompletableFuture<String> rest = CompletableFuture.supplyAsync(() -> readUntilData(lines));
            long closing = System.nanoTime();
            app.close();

            assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(10));
            assertThat(rest.get(5, TimeUnit.SECONDS)).as("the stream ended without another event").isNull();
            assertThat(listenerThreads()).isEqualTo(listenersBefore);
        } finally {
            app.close();
        }
    }

    /** The data of the next event; {@code null} when the stream ends first. */
    private static String readUntilData(BufferedReader lines) {
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    return line.substring("data: ".length());
                }
            }
            return null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static long listenerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("live-feed-listener") && t.isAlive())
                .count();
    }
}
