package dev.campaignanalytics.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class TrackEventRouteTest {
    private static final String TRACK = "/v1/marketing/track-event";
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
        campaign = api.campaign("Tracked");
    }

    /** A minimal valid event, to which a test adds or changes fields. */
    private ObjectNode event() {
        ObjectNode e = JSON.createObjectNode();
        e.put("campaign_id", campaign.toString());
        e.put("event_type", "click");
        return e;
    }

    private static Reply track(JsonNode event) {
        return api.post(TRACK).json(event.toString()).send();
    }

    private Map<String, Object> storedRow(String serverId) {
        List<Map<String, Object>> rows = api.rows("SELECT id, campaign_id, event_type, event_data::text AS event_data,"
                + " audience_segment, channel, device_type, user_agent, host(ip_address) AS ip, referrer_url,"
                + " session_id, user_id, created_at, received_at, client_event_id"
                + " FROM campaign_analytics WHERE id = ?", UUID.fromString(serverId));
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    // ---- success ----

    @Test
    void aValidEventIsStoredAndAnsweredWithItsServerId() {
        ObjectNode e = event();
        e.put("event_id", "client-1");
        e.put("audience_segment", "returning");
        e.put("channel", "email");
        e.put("device_type", "mobile");
        e.put("referrer_url", "https://example.com/a?b=c");
        e.put("session_id", "s-42");
        UUID user = UUID.randomUUID();
        e.put("user_id", user.toString());
        e.putObject("event_data").put("button", "buy").put("price", 12.5);
        e.put("occurred_at", Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).toString());

        Reply reply = track(e);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().get("success").asBoolean()).isTrue();
        JsonNode data = reply.data();
        assertThat(data.get("success").asBoolean()).isTrue();
        assertThat(data.get("message").asText()).isEqualTo("Event tracked successfully");
        assertThat(data.has("duplicate")).isFalse();
        Map<String, Object> row = storedRow(data.get("event_id").asText());
        assertThat(row.get("campaign_id")).isEqualTo(campaign);
        assertThat(row.get("event_type")).isEqualTo("click");
        assertThat(row.get("audience_segment")).isEqualTo("returning");
        assertThat(row.get("channel")).isEqualTo("email");
        assertThat(row.get("device_type")).isEqualTo("mobile");
        assertThat(row.get("referrer_url")).isEqualTo("https://example.com/a?b=c");
        assertThat(row.get("session_id")).isEqualTo("s-42");
        assertThat(row.get("user_id")).isEqualTo(user);
        assertThat(row.get("client_event_id")).isEqualTo("client-1");
        assertThat(row.get("event_data").toString()).contains("\"button\": \"buy\"").contains("12.5");
        assertThat((Instant) row.get("created_at"))
                .isEqualTo(Instant.parse(e.get("occurred_at").asText()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"impression", "view", "click", "conversion"})
    void eachOfTheFourEventTypesIsTracked(String type) {
        Reply reply = track(event().put("event_type", type));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(storedRow(reply.data().get("event_id").asText()).get("event_type")).isEqualTo(type);
    }

    @Test
    void anEventWithoutATimeHappenedNow() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        Reply reply = track(event());

        Instant at = (Instant) storedRow(reply.data().get("event_id").asText()).get("created_at");
        assertThat(at).isBetween(before.minusMillis(1), Instant.now().plusMillis(1));
    }

    @Test
    void anOccurredAtWithAnOffsetIsStoredAsThatInstant() {
        Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        String withOffset = twoHoursAgo.atOffset(java.time.ZoneOffset.ofHoursMinutes(5, 30)).toString();

        Reply reply = track(event().put("occurred_at", withOffset));

        assertThat(reply.status()).isEqualTo(200);
        assertThat((Instant) storedRow(reply.data().get("event_id").asText()).get("created_at"))
                .isEqualTo(twoHoursAgo);
    }

    @Test
    void unknownFieldsOfATrackingBodyAreRefusedNamingEachAndStoreNothing() {
        Reply reply = track(event().put("colour", "blue").put("nested", 1));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactlyInAnyOrder("colour", "nested");
        assertThat(api.storedEvents(campaign)).isZero();
    }

    @Test
    void aBodyCannotChooseTheServersIdOrReceivedTime() {
        UUID chosen = UUID.randomUUID();
        Reply reply = track(event().put("id", chosen.toString()).put("received_at", "2001-01-01T00:00:00Z"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactlyInAnyOrder("id", "received_at");
        assertThat(api.count("SELECT count(*) FROM campaign_analytics WHERE id = ?", chosen)).isZero();
        assertThat(api.storedEvents(campaign)).isZero();
    }

    // ---- where the event came from ----

    @Test
    void theAddressGivenIsStoredAnonymised() {
        Reply reply = track(event().put("ip_address", "203.0.113.77"));

        assertThat(storedRow(reply.data().get("event_id").asText()).get("ip")).isEqualTo("203.0.113.0");
    }

    @Test
    void anIpv6AddressKeepsOnlyItsNetworkPart() {
        Reply reply = track(event().put("ip_address", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff"));

        assertThat(storedRow(reply.data().get("event_id").asText()).get("ip")).isEqualTo("2001:db8:aaaa::");
    }

    @Test
    void withoutAnAddressThePeerAddressIsStoredAnonymised() {
        Reply reply = track(event());

        assertThat(storedRow(reply.data().get("event_id").asText()).get("ip")).isEqualTo("127.0.0.0");
    }

    @Test
    void forwardedForIsIgnoredUnlessTheProxyIsTrusted() {
        Reply reply = api.post(TRACK).header("X-Forwarded-For", "198.51.100.23, 10.0.0.1")
                .json(event().toString()).send();

        assertThat(storedRow(reply.data().get("event_id").asText()).get("ip")).isEqualTo("127.0.0.0");
    }

    @Test
    void behindATrustedProxyTheFirstForwardedAddressIsTheClients() {
        HttpSettings d = HttpSettings.defaults();
        HttpSettings trusting = new HttpSettings(true, d.maxTrackingBodyBytes(), d.maxBatchEvents(),
                d.importTransactionSize(), d.maxImportRejections());
        try (ApiServer proxied = ApiServer.start(db, trusting)) {
            Reply reply = proxied.post(TRACK).header("X-Forwarded-For", "198.51.100.23, 10.0.0.1")
                    .json(event().toString()).send();

            assertThat(storedRow(reply.data().get("event_id").asText()).get("ip")).isEqualTo("198.51.100.0");
        }
    }

    @Test
    void withoutAUserAgentTheRequestsUserAgentIsStored() {
        Reply reply = api.post(TRACK).header("User-Agent", "Browser/1.0").json(event().toString()).send();

        assertThat(storedRow(reply.data().get("event_id").asText()).get("user_agent")).isEqualTo("Browser/1.0");
    }

    @Test
    void theUserAgentOfTheEventWinsOverTheRequests() {
        Reply reply = api.post(TRACK).header("User-Agent", "Collector/2.0")
                .json(event().put("user_agent", "Browser/1.0").toString()).send();

        assertThat(storedRow(reply.data().get("event_id").asText()).get("user_agent")).isEqualTo("Browser/1.0");
    }

    // ---- idempotency ----

    @Test
    void aReplayedEventIdAnswersTheFirstServerIdAndStoresNothingNew() {
        Reply first = track(event().put("event_id", "once"));
        Reply again = track(event().put("event_id", "once").put("event_type", "view"));

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.data().get("event_id").asText()).isEqualTo(first.data().get("event_id").asText());
        assertThat(again.data().get("duplicate").asBoolean()).isTrue();
        assertThat(api.storedEvents(campaign)).isEqualTo(1);
    }

    @Test
    void theSameEventIdInAnotherCampaignIsAnotherEvent() {
        UUID other = api.campaign("Other");
        track(event().put("event_id", "shared"));

        Reply reply = track(event().put("campaign_id", other.toString()).put("event_id", "shared"));

        assertThat(reply.data().has("duplicate")).isFalse();
        assertThat(api.allStoredEvents()).isEqualTo(2);
    }

    @Test
    void theSameEventIdSentThreeTimesAtOnceIsStoredOnceAndAllAnswersNameTheSameId() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 10; round++) {
                String key = "race-" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Reply>> replies = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Callable<Reply> send = () -> {
                        go.await();
                        return track(event().put("event_id", key));
                    };
                    replies.add(pool.submit(send));
                }
                go.countDown();

                List<String> ids = new ArrayList<>();
                for (Future<Reply> r : replies) {
                    Reply reply = r.get();
                    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
                    ids.add(reply.data().get("event_id").asText());
                }
                assertThat(ids).as("round %d", round).containsOnly(ids.get(0));
                assertThat(api.count("SELECT count(*) FROM campaign_analytics WHERE campaign_id = ?"
                        + " AND client_event_id = ?", campaign, key)).isEqualTo(1);
                assertThat(api.count("SELECT count(*) FROM campaign_analytics WHERE id = ?",
                        UUID.fromString(ids.get(0)))).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- validation ----

    @Test
    void anUnknownCampaignIs404NamingItAndStoresNothing() {
        UUID unknown = UUID.randomUUID();

        Reply reply = track(event().put("campaign_id", unknown.toString()));

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("message").asText()).contains(unknown.toString());
        assertThat(api.allStoredEvents()).isZero();
    }

    @Test
    void campaignIdAndEventTypeAreRequired() {
        Reply reply = track(JSON.createObjectNode());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactlyInAnyOrder("campaign_id", "event_type");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "campaign_id      | not-a-uuid",
            "campaign_id      | 123e4567e89b12d3a456426614174000",
            "event_type       | purchase",
            "event_type       | CLICK",
            "user_id          | 42",
            "ip_address       | 999.1.1.1",
            "ip_address       | example.com",
            "ip_address       | 10.0.0",
            "occurred_at      | yesterday",
            "occurred_at      | 2024-05-01",
            "occurred_at      | 2024-05-01T12:00:00",
            "event_id         | ''"})
    void aMalformedValueIsRefusedNamingItsField(String field, String value) {
        Reply reply = track(event().put(field, value));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly(field);
        assertThat(api.allStoredEvents()).isZero();
    }

    @ParameterizedTest
    @CsvSource({
            "audience_segment, 100",
            "channel, 50",
            "device_type, 50",
            "user_agent, 1024",
            "referrer_url, 2048",
            "session_id, 255",
            "event_id, 100"})
    void eachTextFieldTakesItsLimitAndRefusesOneCharacterMore(String field, int limit) {
        Reply atLimit = track(event().put(field, "x".repeat(limit)));
        Reply over = track(event().put(field, "y".repeat(limit + 1)));

        assertThat(atLimit.status()).as(atLimit.toString()).isEqualTo(200);
        assertThat(over.status()).isEqualTo(400);
        assertThat(over.errorFields()).containsExactly(field);
        assertThat(api.storedEvents(campaign)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"campaign_id", "event_type", "audience_segment", "channel", "device_type", "user_agent",
            "ip_address", "referrer_url", "session_id", "user_id", "event_id", "occurred_at"})
    void aTextFieldGivenAsAnotherJsonTypeIsRefusedNamingIt(String field) {
        ObjectNode e = event();
        e.put(field, 7);

        Reply reply = track(e);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly(field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2]", "\"text\"", "3", "true"})
    void eventDataThatIsNotAnObjectIsRefused(String data) throws Exception {
        Reply reply = track(event().set("event_data", JSON.readTree(data)));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("event_data");
    }

    @Test
    void eventDataOfUpTo8KbIsStoredAndLargerIsRefused() {
        ObjectNode fits = event();
        fits.putObject("event_data").put("p", "a".repeat(8 * 1024 - 10));
        ObjectNode tooBig = event();
        tooBig.putObject("event_data").put("p", "a".repeat(8 * 1024));

        assertThat(track(fits).status()).isEqualTo(200);
        Reply refused = track(tooBig);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorFields()).containsExactly("event_data");
        assertThat(api.storedEvents(campaign)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"n\": 1e400}", "{\"a\": {\"b\": [1, -1E999]}}"})
    void aNumberInEventDataBeyondTheRangeOfADoubleIsRefusedRatherThanStoredAsTheTextInfinity(String data) {
        String body = "{\"campaign_id\": \"" + campaign + "\", \"event_type\": \"click\", \"event_data\": "
                + data + "}";
        String largestDouble = "{\"campaign_id\": \"" + campaign + "\", \"event_type\": \"click\", "
                + "\"event_data\": {\"n\": 1.7976931348623157e308}}";

        Reply refused = api.post(TRACK).json(body).send();
        Reply stored = api.post(TRACK).json(largestDouble).send();

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.errorFields()).containsExactly("event_data");
        assertThat(stored.status()).as(stored.toString()).isEqualTo(200);
        assertThat(api.storedEvents(campaign)).isEqualTo(1);
    }

    @Test
    void anEventOlderThanTheLiveWindowIsRefused() {
        Reply reply = track(event().put("occurred_at", Instant.now().minus(Duration.ofHours(73)).toString()));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("occurred_at");
    }

    @Test
    void anEventFromTheFutureIsRefused() {
        Reply reply = track(event().put("occurred_at", Instant.now().plus(Duration.ofHours(1)).toString()));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("occurred_at");
    }

    @Test
    void everyMistakeOfAnEventIsNamedInOneAnswer() {
        ObjectNode e = JSON.createObjectNode();
        e.put("campaign_id", "nope");
        e.put("event_type", "tap");
        e.put("channel", "c".repeat(51));
        e.put("ip_address", "1.2.3.4.5");
        e.put("session_id", "s".repeat(256));
        e.put("user_id", "u");
        e.put("occurred_at", "soon");
        e.put("event_data", "x");

        Reply reply = track(e);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactlyInAnyOrder("campaign_id", "event_type", "channel",
                "ip_address", "session_id", "user_id", "occurred_at", "event_data");
    }

    // ---- the body as a whole ----

    @ParameterizedTest
    @ValueSource(strings = {"{\"campaign_id\": ", "not json", "{\"a\": 1} trailing", ""})
    void aBodyThatIsNotOneJsonDocumentIsRefusedAsTheBody(String body) {
        Reply reply = api.post(TRACK).json(body).send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("body");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "null", "\"event\""})
    void aBodyThatIsNotAnObjectIsRefused(String body) {
        Reply reply = api.post(TRACK).json(body).send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("body");
    }

    @Test
    void deeplyNestedEventDataIsA400NotAServerError() {
        String body = "{\"campaign_id\": \"" + campaign + "\", \"event_type\": \"click\", \"event_data\": "
                + "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000) + "}";

        Reply reply = api.post(TRACK).json(body).send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("body");
    }

    @Test
    void aHugeStringIsA400NotAServerError() {
        Reply reply = track(event().put("referrer_url", "r".repeat(500_000)));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("body");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/jsonp",
            "application/x-ndjson"})
    void aBodyNotSentAsJsonIsRefusedWith415(String contentType) {
        Reply reply = api.post(TRACK).body(contentType, event().toString()).send();

        assertThat(reply.status()).isEqualTo(415);
        assertThat(api.allStoredEvents()).isZero();
    }

    @Test
    void aBodyWithoutAContentTypeIsRefusedWith415() {
        Reply reply = api.post(TRACK).send();

        assertThat(reply.status()).isEqualTo(415);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json;charset=utf-8", "application/json; charset=UTF8",
            "Application/JSON; charset=\"utf-8\""})
    void jsonDeclaredInUtf8IsAccepted(String contentType) {
        Reply reply = api.post(TRACK).body(contentType, event().toString()).send();

        assertThat(reply.status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=ISO-8859-1", "application/json; charset=no-such-charset"})
    void jsonDeclaredInAnotherCharsetIsRefusedWith415(String contentType) {
        Reply reply = api.post(TRACK).body(contentType, event().toString()).send();

        assertThat(reply.status()).isEqualTo(415);
    }

    @Test
    void aBodyOverOneMegabyteIsRefusedWith413() {
        ObjectNode e = event().put("pad", "p".repeat(1024 * 1024));

        Reply reply = track(e);

        assertThat(reply.status()).isEqualTo(413);
        assertThat(api.allStoredEvents()).isZero();
    }

    @Test
    void aStreamedBodyOverOneMegabyteIsRefusedWith413WithoutAContentLength() {
        byte[] body = event().put("pad", "p".repeat(1024 * 1024)).toString().getBytes(StandardCharsets.UTF_8);

        Reply reply = api.post(TRACK).stream("application/json", () -> new ByteArrayInputStream(body)).send();

        assertThat(reply.status()).isEqualTo(413);
        assertThat(api.allStoredEvents()).isZero();
    }

    // ---- failures of the server side ----

    @Test
    void whenTheStoreIsUnavailableTheAnswerIs503WithRetryAfter() {
        try (ApiServer broken = ApiServer.start(db, HttpSettings.defaults(), real -> command -> {
            throw new StoreUnavailableException("connection refused", null);
        })) {
            Reply reply = broken.post(TRACK).json(event().toString()).send();

            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.header("Retry-After")).isNotBlank();
            assertThat(reply.json().get("success").asBoolean()).isFalse();
            assertThat(reply.body()).doesNotContain("connection refused");
        }
    }

    @Test
    void anUnexpectedFailureIsA500ThatRevealsNothing() {
        try (ApiServer broken = ApiServer.start(db, HttpSettings.defaults(), real -> command -> {
            throw new IllegalStateException("secret internals");
        })) {
            Reply reply = broken.post(TRACK).json(event().toString()).send();

            assertThat(reply.status()).isEqualTo(500);
            assertThat(reply.json().get("success").asBoolean()).isFalse();
            assertThat(reply.body()).doesNotContain("secret internals");
        }
    }
}
