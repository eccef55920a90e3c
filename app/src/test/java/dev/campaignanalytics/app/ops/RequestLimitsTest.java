package dev.campaignanalytics.app.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every size limit of the API is a setting, and a request at the limit is served while one just past it is refused
 * with a 4xx naming the field and the rule. The server runs with small limits so that their edges are cheap to reach.
 */
class RequestLimitsTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();
    private static final String API = "/v1/marketing";

    private static RunningServer server;
    private String campaign;

    @BeforeAll
    static void startWithSmallLimits() {
        server = RunningServer.start(db,
                "ANALYTICS_MAX_BODY_BYTES", "2048",
                "ANALYTICS_MAX_BATCH_EVENTS", "3",
                "ANALYTICS_MAX_EVENT_DATA_BYTES", "100",
                "ANALYTICS_MAX_EVENT_DATA_DEPTH", "3",
                "ANALYTICS_MAX_PAGE_SIZE", "20",
                "ANALYTICS_MAX_RANGE_DAYS", "10");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void campaign() {
        campaign = server.campaign("limits");
    }

    private String event(String extra) {
        return "{\"campaign_id\":\"" + campaign + "\",\"event_type\":\"view\"" + extra + "}";
    }

    private HttpResponse<String> track(String body) {
        return server.postJson(API + "/track-event", body);
    }

    private static JsonNode onlyError(HttpResponse<String> reply) {
        JsonNode errors = RunningServer.json(reply.body()).get("errors");
        assertThat(errors).as(reply.body()).hasSize(1);
        return errors.get(0);
    }

    /** An event padded with spaces to exactly {@code bytes} bytes. */
    private String eventOfBytes(int bytes) {
        String e = event("");
        return e + " ".repeat(bytes - e.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void aTrackingBodyOfExactlyTheConfiguredBytesIsServedAndOneByteMoreIs413NamingTheBody() {
        assertThat(track(eventOfBytes(2048)).statusCode()).isEqualTo(200);

        HttpResponse<String> tooLarge = track(eventOfBytes(2049));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        JsonNode error = onlyError(tooLarge);
        assertThat(error.get("field").asText()).isEqualTo("body");
        assertThat(error.get("message").asText()).isEqualTo("must be at most 2048 bytes");
        assertThat(server.send(server.request(API + "/track-events").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[" + eventOfBytes(2040) + "]}")))
                .statusCode()).as("the batch route has the same limit").isEqualTo(413);
    }

    @Test
    void aBatchOfTheConfiguredEventsIsStoredAndOneMoreIsRefusedNamingEvents() {
        HttpResponse<String> three = server.postJson(API + "/track-events",
                "{\"events\":[" + event("") + "," + event("") + "," + event("") + "]}");
        assertThat(three.statusCode()).as(three.body()).isEqualTo(200);
        assertThat(RunningServer.json(three.body()).get("data").get("accepted").asInt()).isEqualTo(3);

        HttpResponse<String> four = server.postJson(API + "/track-events",
                "{\"events\":[" + event("") + "," + event("") + "," + event("") + "," + event("") + "]}");
        assertThat(four.statusCode()).isEqualTo(400);
        JsonNode error = onlyError(four);
        assertThat(error.get("field").asText()).isEqualTo("events");
        assertThat(error.get("message").asText()).isEqualTo("must hold at most 3 events");
    }

    @Test
    void eventDataOfExactlyTheConfiguredBytesIsStoredAndOneByteMoreIsRefusedNamingEventData() {
        // {"p":"…"} is 8 bytes around its text
        String fits = "{\"p\":\"" + "x".repeat(92) + "\"}";
        String over = "{\"p\":\"" + "x".repeat(93) + "\"}";
        assertThat(fits.getBytes(StandardCharsets.UTF_8)).hasSize(100);

        assertThat(track(event(",\"event_data\":" + fits)).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = track(event(",\"event_data\":" + over));
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode error = onlyError(refused);
        assertThat(error.get("field").asText()).isEqualTo("event_data");
        assertThat(error.get("message").asText()).isEqualTo("must be at most 100 bytes as JSON");
    }

    @Test
    void eventDataNestedTheConfiguredLevelsIsStoredAndOneLevelMoreIsRefusedNamingEventData() {
        assertThat(track(event(",\"event_data\":{\"a\":{\"b\":{\"c\":1}}}")).statusCode()).isEqualTo(200);
        assertThat(track(event(",\"event_data\":{\"a\":[[1]]}")).statusCode()).isEqualTo(200);

        for (String deeper : new String[]{"{\"a\":{\"b\":{\"c\":{}}}}", "{\"a\":[[[1]]]}"}) {
            HttpResponse<String> refused = track(event(",\"event_data\":" + deeper));
            assertThat(refused.statusCode()).as(deeper).isEqualTo(400);
            JsonNode error = onlyError(refused);
            assertThat(error.get("field").asText()).isEqualTo("event_data");
            assertThat(error.get("message").asText()).isEqualTo("must be nested at most 3 levels deep");
        }
    }

    @Test
    void aPageOfTheConfiguredSizeIsServedAndOneMoreIsRefusedNamingLimit() {
        String admin = "Bearer " + server.app.localAdminToken();
        for (String list : new String[]{API + "/admin/campaigns", API + "/admin/analytics/stream"}) {
            HttpResponse<String> fits = server.send(server.request(list + "?limit=20")
                    .header("Authorization", admin).GET());
            assertThat(fits.statusCode()).as(list + " " + fits.body()).isEqualTo(200);

            HttpResponse<String> over = server.send(server.request(list + "?limit=21")
                    .header("Authorization", admin).GET());
            assertThat(over.statusCode()).as(list).isEqualTo(400);
            JsonNode error = onlyError(over);
            assertThat(error.get("field").asText()).isEqualTo("limit");
            assertThat(error.get("message").asText()).isEqualTo("must be between 1 and 20");
        }
    }

    @Test
    void aReportRangeOfTheConfiguredDaysIsServedAndOneDayMoreIsRefusedNamingEndDate() {
        String admin = "Bearer " + server.app.localAdminToken();
        String report = API + "/admin/analytics/campaigns/" + campaign + "/daily?start_date=2024-05-01&end_date=";
        assertThat(server.send(server.request(report + "2024-05-10").header("Authorization", admin).GET())
                .statusCode()).isEqualTo(200);

        HttpResponse<String> over = server.send(server.request(report + "2024-05-11")
                .header("Authorization", admin).GET());
        assertThat(over.statusCode()).isEqualTo(400);
        JsonNode error = onlyError(over);
        assertThat(error.get("field").asText()).isEqualTo("end_date");
        assertThat(error.get("message").asText()).isEqualTo("the range must span at most 10 days");
    }
}
