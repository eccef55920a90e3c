package dev.campaignanalytics.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaignanalytics.app.http.ApiServer.Reply;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the API refuses that it used to take or answer in another shape: requests Jetty refuses before any route,
 * unknown paths below {@code /admin/}, loose query parameters of the campaign list, a campaign compared with itself,
 * and JSON objects that give a field twice.
 */
class StrictHttpInputTest {
    private static final String ADMIN = "/v1/marketing/admin";
    private static final String IMPORT = ADMIN + "/events/import";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();
    private static ApiServer api;
    private UUID campaign;

    @BeforeAll
    static void startServer() {
        api = ApiServer.start(db);
    }

    @AfterAll
    static void stopServer() {
        api.close();
    }

    @BeforeEach
    void aCampaign() {
        campaign = api.campaign("Strict");
    }

    // ---- requests Jetty refuses itself ----

    /** A raw HTTP/1.1 exchange: the status and the body of the answer. */
    private record RawReply(int status, String head, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private static RawReply raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            String head = answer.substring(0, end).toLowerCase(Locale.ROOT);
            return new RawReply(Integer.parseInt(head.substring(9, 12)), head, answer.substring(end + 4));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            400 | GET /%00 HTTP/1.1
            400 | PUT /v1/marketing/admin/campaigns/%00 HTTP/1.1
            400 | GET /../etc/passwd HTTP/1.1
            414 | GET /v1/marketing/admin/campaigns?q={long} HTTP/1.1
            431 | GET /health HTTP/1.1\\r\\nX-Padding: {long}
            """)
    void aRequestJettyRefusesBeforeAnyRouteIsAnsweredWithTheErrorEnvelope(int status, String start)
            throws IOException {
        String request = start.replace("{long}", "x".repeat(20_000)).replace("\\r\\n", "\r\n")
                + "\r\nHost: x\r\nAccept: text/html\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

        RawReply reply = raw(request);

        assertThat(reply.status()).as(reply.head()).isEqualTo(status);
        assertThat(reply.head()).contains("content-type: application/json");
        JsonNode json = reply.json();
        assertThat(json.get("success").asBoolean(true)).isFalse();
        assertThat(json.get("message").asText()).isNotBlank();
        assertThat(json.get("errors").isArray()).isTrue();
    }

    // ---- unknown paths below /admin/ ----

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "GET, /v1/marketing/admin/nothing-here",
            "POST, /v1/marketing/admin/campaigns/x/y/z",
            "GET, /v1/marketing/admin/analytics/campaigns/x/weekly",
            "DELETE, /v1/marketing/admin/",
    })
    void anUnknownPathBelowAdminIsA404EvenThoughCrossOriginPreflightsAreAnsweredThere(String method, String path) {
        Reply reply = api.call(method, path).asSuperAdmin().send();

        assertThat(reply.status()).as(reply.toString()).isEqualTo(404);
        assertThat(reply.json().get("success").asBoolean(true)).isFalse();
        assertThat(reply.json().get("message").asText()).contains(path);
    }

    @Test
    void aKnownAdminRouteAskedWithAnotherMethodIsStillA405NamingTheAllowedOnes() {
        Reply reply = api.call("DELETE", ADMIN + "/campaigns/" + campaign).asSuperAdmin().send();

        assertThat(reply.status()).as(reply.toString()).isEqualTo(405);
        assertThat(reply.header("Allow")).contains("GET", "PUT");
        assertThat(reply.json().get("success").asBoolean(true)).isFalse();
    }

    // ---- the campaign list's parameters ----

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            limit=1&limit=2         | limit
            offset=0&offset=10      | offset
            is_active=true&is_active=false | is_active
            q=a&q=b                 | q
            limit=                  | limit
            offset=                 | offset
            is_active=              | is_active
            q=                      | q
            is_activ=true           | is_activ
            page=2                  | page
            """)
    void aCampaignListParameterGivenTwiceEmptyOrUnknownIsA400NamingIt(String query, String field) {
        Reply reply = api.get(ADMIN + "/campaigns?" + query).asSuperAdmin().send();

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly(field);
    }

    @Test
    void everyMistakeOfTheCampaignListIsNamedInOneAnswerAndTheCacheBusterIsNoMistake() {
        Reply wrong = api.get(ADMIN + "/campaigns?limit=1&limit=2&q=&sort=name").asSuperAdmin().send();
        Reply right = api.get(ADMIN + "/campaigns?limit=5&offset=0&is_active=true&q=Strict&_=1700000000000")
                .asSuperAdmin().send();

        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.errorFields()).containsExactlyInAnyOrder("limit", "q", "sort");
        assertThat(right.status()).as(right.toString()).isEqualTo(200);
        assertThat(right.data().get("limit").asInt()).isEqualTo(5);
    }

    // ---- comparing a campaign with itself ----

    @ParameterizedTest(name = "campaign_ids={0}")
    @ValueSource(strings = {"{a},{b},{a}", "{a},{a},{b}", "{b},{a},{b},{a}", "{a},{a}"})
    void aCampaignNamedTwiceInACompareIsA400NamingCampaignIdsWhateverElseTheListHolds(String ids) {
        UUID other = api.campaign("Other");
        String list = ids.replace("{a}", campaign.toString()).replace("{b}", other.toString());

        Reply compare = api.get(ADMIN + "/analytics/compare?campaign_ids=" + list).asSuperAdmin().send();
        Reply export = api.get(ADMIN + "/analytics/export?type=comparison&campaign_ids=" + list).asSuperAdmin().send();

        assertThat(compare.status()).as(compare.toString()).isEqualTo(400);
        assertThat(compare.errorFields()).containsExactly("campaign_ids");
        assertThat(compare.json().get("errors").get(0).get("message").asText()).contains("more than once");
        assertThat(export.status()).as(export.toString()).isEqualTo(400);
        assertThat(export.errorFields()).containsExactly("campaign_ids");
    }

    // ---- a JSON object that gives a field twice ----

    private String event(String type, String extra) {
        return "{\"campaign_id\": \"" + campaign + "\", \"event_type\": \"" + type + "\"" + extra + "}";
    }

    @Test
    void aTrackedEventThatGivesAFieldTwiceIsA400NamingItAndNothingIsStored() {
        Reply top = api.post("/v1/marketing/track-event").json(event("view", ", \"event_type\": \"click\"")).send();
        Reply nested = api.post("/v1/marketing/track-event")
                .json(event("view", ", \"event_data\": {\"ab\": {\"variant\": \"a\", \"variant\": \"b\"}}")).send();

        assertThat(top.status()).as(top.toString()).isEqualTo(400);
        assertThat(top.errorFields()).containsExactly("event_type");
        assertThat(top.json().get("errors").get(0).get("message").asText()).isEqualTo("is given more than once");
        assertThat(nested.status()).as(nested.toString()).isEqualTo(400);
        assertThat(nested.errorFields()).containsExactly("event_data.ab.variant");
        assertThat(api.storedEvents(campaign)).isZero();
    }

    @Test
    void aBatchWithAnEventThatGivesAFieldTwiceIsRefusedAsAWholeNamingWhere() {
        String body = "{\"events\": [" + event("view", "") + ", " + event("view", ", \"channel\": \"a\", \"channel\": \"b\"")
                + "]}";
        String batchTwice = "{\"events\": [" + event("view", "") + "], \"events\": [" + event("click", "") + "]}";

        Reply reply = api.post("/v1/marketing/track-events").json(body).send();
        Reply twice = api.post("/v1/marketing/track-events").json(batchTwice).send();

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("events[1].channel");
        assertThat(twice.status()).as(twice.toString()).isEqualTo(400);
        assertThat(twice.errorFields()).containsExactly("events");
        assertThat(api.storedEvents(campaign)).isZero();
    }

    @Test
    void anImportedEventThatGivesAFieldTwiceIsRejectedAloneAndTheOthersAreStored() {
        String twice = event("view", ", \"event_type\": \"click\"");
        String ndjson = event("view", "") + "\n" + twice + "\n" + event("click", "") + "\n";
        String array = "[" + event("view", "") + ", " + event("view", ", \"event_data\": {\"a\": [1, {\"b\": 1, \"b\": 2}]}")
                + ", " + event("click", "") + "]";

        Reply lines = api.post(IMPORT).asSuperAdmin().body("application/x-ndjson", ndjson).send();
        Reply elements = api.post(IMPORT).asSuperAdmin().json(array).send();

        assertThat(lines.status()).as(lines.toString()).isEqualTo(200);
        assertThat(lines.data().get("accepted").asLong()).isEqualTo(2);
        JsonNode line = lines.data().get("rejected").get(0);
        assertThat(line.get("line").asLong()).isEqualTo(2);
        assertThat(fields(line)).containsExactly("event_type");
        assertThat(elements.status()).as(elements.toString()).isEqualTo(200);
        assertThat(elements.data().get("accepted").asLong()).isEqualTo(2);
        JsonNode element = elements.data().get("rejected").get(0);
        assertThat(element.get("index").asLong()).isEqualTo(1);
        assertThat(fields(element)).containsExactly("event_data.a[1].b");
        assertThat(api.storedEvents(campaign)).isEqualTo(4);
    }

    @Test
    void aCampaignBodyThatGivesAFieldTwiceIsA400NamingItAndChangesNothing() {
        long before = api.count("SELECT count(*) FROM marketing_campaigns");

        Reply create = api.post(ADMIN + "/campaigns").asSuperAdmin()
                .json("{\"campaign_name\": \"One\", \"campaign_name\": \"Two\"}").send();
        Reply update = api.put(ADMIN + "/campaigns/" + campaign).asSuperAdmin()
                .json("{\"is_active\": false, \"is_active\": true}").send();

        assertThat(create.status()).as(create.toString()).isEqualTo(400);
        assertThat(create.errorFields()).containsExactly("campaign_name");
        assertThat(update.status()).as(update.toString()).isEqualTo(400);
        assertThat(update.errorFields()).containsExactly("is_active");
        assertThat(api.count("SELECT count(*) FROM marketing_campaigns")).isEqualTo(before);
        assertThat(api.get(ADMIN + "/campaigns/" + campaign).asSuperAdmin().send().data().get("is_active")
                .asBoolean()).isTrue();
    }

    private static List<String> fields(JsonNode rejection) {
        List<String> fields = new ArrayList<>();
        rejection.get("errors").forEach(e -> fields.add(e.get("field").asText()));
        return fields;
    }
}
