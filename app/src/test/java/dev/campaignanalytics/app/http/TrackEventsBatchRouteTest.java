package dev.campaignanalytics.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.campaignanalytics.app.http.ApiServer.Reply;
import dev.campaignanalytics.core.port.out.StoreUnavailableException;
import dev.campaignanalytics.http.HttpSettings;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TrackEventsBatchRouteTest {
    private static final String BATCH = "/v1/marketing/track-events";
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
        campaign = api.campaign("Batched");
    }

    private ObjectNode event(String type) {
        ObjectNode e = JSON.createObjectNode();
        e.put("campaign_id", campaign.toString());
        e.put("event_type", type);
        return e;
    }

    private static String batch(JsonNode... events) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("events");
        for (JsonNode e : events) {
            list.add(e);
        }
        return body.toString();
    }

    private static Reply send(String body) {
        return api.post(BATCH).json(body).send();
    }

    @Test
    void aBatchOfValidEventsIsStoredAndEachGetsItsServerId() {
        Reply reply = send(batch(event("impression"), event("view"), event("click")));

        assertThat(reply.status()).isEqualTo(200);
        JsonNode data = reply.data();
        assertThat(data.get("accepted").asLong()).isEqualTo(3);
        assertThat(data.get("duplicates").asLong()).isZero();
        assertThat(data.get("rejected").isEmpty()).isTrue();
        assertThat(data.get("event_ids").size()).isEqualTo(3);
        for (JsonNode id : data.get("event_ids")) {
            assertThat(api.count("SELECT count(*) FROM campaign_analytics WHERE id = ? AND campaign_id = ?",
                    UUID.fromString(id.asText()), campaign)).isEqualTo(1);
        }
    }

    @Test
    void theValidEventsOfABatchAreStoredWhileTheOthersAreRejectedByIndex() {
        UUID unknown = UUID.randomUUID();
        ObjectNode unknownCampaign = event("click").put("campaign_id", unknown.toString());
        ObjectNode badType = event("tap").put("channel", "c".repeat(51));
        ObjectNode tooOld = event("view").put("occurred_at", Instant.now().minus(Duration.ofDays(10)).toString());

        Reply reply = send(batch(event("view"), unknownCampaign, badType, JSON.getNodeFactory().textNode("x"),
                tooOld, event("click")));

        assertThat(reply.status()).isEqualTo(200);
        JsonNode data = reply.data();
        assertThat(data.get("accepted").asLong()).isEqualTo(2);
        List<Integer> indexes = new ArrayList<>();
        data.get("rejected").forEach(r -> indexes.add(r.get("index").asInt()));
        assertThat(indexes).containsExactly(1, 2, 3, 4);
        assertThat(fields(data.get("rejected").get(0))).containsExactly("campaign_id");
        assertThat(fields(data.get("rejected").get(1))).containsExactlyInAnyOrder("event_type", "channel");
        assertThat(fields(data.get("rejected").get(3))).containsExactly("occurred_at");
        JsonNode ids = data.get("event_ids");
        assertThat(ids.get(0).isTextual()).isTrue();
        assertThat(ids.get(1).isNull()).isTrue();
        assertThat(ids.get(2).isNull()).isTrue();
        assertThat(ids.get(3).isNull()).isTrue();
        assertThat(ids.get(4).isNull()).isTrue();
        assertThat(ids.get(5).isTextual()).isTrue();
        assertThat(api.storedEvents(campaign)).isEqualTo(2);
        assertThat(api.allStoredEvents()).isEqualTo(2);
    }

    private static List<String> fields(JsonNode rejection) {
        List<String> fields = new ArrayList<>();
        rejection.get("errors").forEach(e -> fields.add(e.get("field").asText()));
        return fields;
    }

    @Test
    void anEventIdRepeatedInsideABatchIsStoredOnceAndBothNameTheSameId() {
        Reply reply = send(batch(event("view").put("event_id", "twice"), event("view").put("event_id", "twice")));

        JsonNode data = reply.data();
        assertThat(data.get("accepted").asLong()).isEqualTo(1);
        assertThat(data.get("duplicates").asLong()).isEqualTo(1);
        assertThat(data.get("event_ids").get(1).asText()).isEqualTo(data.get("event_ids").get(0).asText());
        assertThat(api.storedEvents(campaign)).isEqualTo(1);
    }

    @Test
    void anEventIdStoredEarlierCountsAsADuplicate() {
        Reply first = send(batch(event("view").put("event_id", "known")));

        Reply again = send(batch(event("view").put("event_id", "known"), event("click")));

        assertThat(again.data().get("accepted").asLong()).isEqualTo(1);
        assertThat(again.data().get("duplicates").asLong()).isEqualTo(1);
        assertThat(again.data().get("event_ids").get(0).asText())
                .isEqualTo(first.data().get("event_ids").get(0).asText());
        assertThat(api.storedEvents(campaign)).isEqualTo(2);
    }

    @Test
    void eventsWithoutAUserAgentOrAddressTakeTheRequests() {
        Reply reply = api.post(BATCH).header("User-Agent", "Beacon/3").json(batch(event("view"))).send();

        String id = reply.data().get("event_ids").get(0).asText();
        assertThat(api.one("SELECT user_agent FROM campaign_analytics WHERE id = ?", UUID.fromString(id)))
                .isEqualTo("Beacon/3");
        assertThat(api.one("SELECT host(ip_address) FROM campaign_analytics WHERE id = ?", UUID.fromString(id)))
                .isEqualTo("127.0.0.0");
    }

    @Test
    void aBatchOfTheLargestSizeIsAccepted() {
        JsonNode[] events = new JsonNode[1000];
        for (int i = 0; i < events.length; i++) {
            events[i] = event("impression");
        }

        Reply reply = send(batch(events));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data().get("accepted").asLong()).isEqualTo(1000);
        assertThat(api.storedEvents(campaign)).isEqualTo(1000);
    }

    // ---- failures of the whole body store nothing ----

    @Test
    void moreEventsThanTheLimitIsRefusedAndStoresNothing() {
        JsonNode[] events = new JsonNode[1001];
        for (int i = 0; i < events.length; i++) {
            events[i] = event("impression");
        }

        Reply reply = send(batch(events));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("events");
        assertThat(api.allStoredEvents()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"events\": [", "{\"events\": [{\"campaign_id\": 1},]}", "events", ""})
    void aBodyThatIsNotJsonIsRefusedAndStoresNothing(String body) {
        Reply reply = send(body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("body");
        assertThat(api.allStoredEvents()).isZero();
    }

    @Test
    void aFieldBesideEventsThatTheApiDoesNotKnowIsRefusedNamingItAndStoresNothing() {
        String valid = batch(event("view"), event("click"));
        String misspelt = valid.substring(0, valid.length() - 1) + ", \"evnets\": []}";

        Reply reply = send(misspelt);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("evnets");
        assertThat(api.allStoredEvents()).isZero();
    }

    @Test
    void aBodyThatBreaksOffAfterValidEventsStoresNone() {
        String valid = batch(event("view"), event("click"));

        Reply reply = send(valid.substring(0, valid.length() - 2));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(api.allStoredEvents()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "{}", "{\"events\": {}}", "{\"events\": \"many\"}", "{\"events\": []}",
            "{\"events\": null}"})
    void aBodyThatIsNotAnObjectWithAnEventsArrayIsRefused(String body) {
        Reply reply = send(body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(api.allStoredEvents()).isZero();
    }

    @Test
    void aBatchOverOneMegabyteIsRefusedWith413AndStoresNothing() {
        List<JsonNode> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.add(event("view").put("referrer_url", "r".repeat(2000)).put("user_agent", "u".repeat(1000))
                    .put("session_id", "s".repeat(250)).put("audience_segment", "a".repeat(100))
                    .put("note", "n".repeat(2000)));
        }
        String body = batch(events.toArray(JsonNode[]::new));
        assertThat(body.length()).isGreaterThan(1024 * 1024);

        Reply reply = send(body);

        assertThat(reply.status()).isEqualTo(413);
        assertThat(api.allStoredEvents()).isZero();
    }

    @Test
    void aStreamedBatchOverOneMegabyteIsRefusedWith413() {
        byte[] body = batch(event("view").put("pad", "p".repeat(1024 * 1024))).getBytes(StandardCharsets.UTF_8);

        Reply reply = api.post(BATCH).stream("application/json", () -> new ByteArrayInputStream(body)).send();

        assertThat(reply.status()).isEqualTo(413);
        assertThat(api.allStoredEvents()).isZero();
    }

    @Test
    void aBatchNotSentAsJsonIsRefusedWith415() {
        Reply reply = api.post(BATCH).body("application/x-ndjson", event("view").toString()).send();

        assertThat(reply.status()).isEqualTo(415);
        assertThat(api.allStoredEvents()).isZero();
    }

    @Test
    void theValidEventsOfABatchAreStoredTogetherInOneCommand() {
        List<Integer> commandSizes = new ArrayList<>();
        try (ApiServer watched = ApiServer.start(db, HttpSettings.defaults(), real -> command -> {
            commandSizes.add(command.events().size());
            return real.track(command);
        })) {
            Reply reply = watched.post(BATCH).json(batch(event("view"), event("nope"), event("click"),
                    event("view"))).send();

            assertThat(reply.data().get("accepted").asLong()).isEqualTo(3);
            assertThat(commandSizes).containsExactly(3);
        }
    }

    @Test
    void whenTheStoreIsUnavailableTheBatchIs503AndStoresNothing() {
        try (ApiServer broken = ApiServer.start(db, HttpSettings.defaults(), real -> command -> {
            throw new StoreUnavailableException("down", null);
        })) {
            Reply reply = broken.post(BATCH).json(batch(event("view"))).send();

            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.header("Retry-After")).isNotBlank();
            assertThat(api.allStoredEvents()).isZero();
        }
    }
}
