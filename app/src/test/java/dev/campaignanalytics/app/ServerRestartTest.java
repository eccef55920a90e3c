package dev.campaignanalytics.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The standalone server on its embedded PostgreSQL keeps its data in the data directory across restarts. */
class ServerRestartTest {
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aCampaignWrittenBeforeARestartIsReadBackAfterIt() throws Exception {
        AppConfig config = AppConfig.fromEnvironment(Map.of(
                "ANALYTICS_DATA_DIR", dataDir.toString(),
                "ANALYTICS_HTTP_HOST", "127.0.0.1",
                "ANALYTICS_HTTP_PORT", "0"));

        String id;
        try (Application first = Application.start(config, Clock.systemUTC())) {
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + first.port() + "/v1/marketing/admin/campaigns"))
                    .header("Authorization", "Bearer " + first.localAdminToken())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"campaign_name\":\"Winter sale\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            Matcher m = ID.matcher(created.body());
            assertThat(m.find()).isTrue();
            id = m.group(1);
        }

        try (Application second = Application.start(config, Clock.systemUTC())) {
            HttpResponse<String> read = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + second.port() + "/v1/marketing/admin/campaigns/" + id))
                    .header("Authorization", "Bearer " + second.localAdminToken())
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            assertThat(read.body()).contains("\"campaign_name\":\"Winter sale\"").contains(id);

            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + second.port() + "/health")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"UP\",\"database\":\"UP\"}");
        }
    }
}
