package dev.campaignanalytics.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.campaignanalytics.app.http.ApiServer.Reply;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.Dimensions;
import dev.campaignanalytics.core.domain.EventData;
import dev.campaignanalytics.core.domain.EventIds;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.domain.TrackedEvent;
import dev.campaignanalytics.core.port.out.NewEvent;
import dev.campaignanalytics.http.auth.Permissions;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /admin/analytics/stream} as JSON, to poll: by position with {@code last_event_id} (every event once, in
 * commit order), the newest events without a cursor, and the older form by receive time with {@code last_updated}.
 */
class LiveFeedPollingRouteTest {
    private static final String STREAM = "/v1/marketing/admin/analytics/stream";
    private static final Instant T0 = Instant.parse("2025-03-10T12:00:00Z");

    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();
    private static ApiServer api;
    private UUID spring;
    private UUID autumn;

    @BeforeAll
    static void startServer() {
        api = ApiServer.start(db);
    }

    @AfterAll
    static void stopServer() {
        api.close();
    }

    @BeforeEach
    void campaigns() {
        spring = api.campaign("Spring sale");
        autumn = api.campaign("Autumn sale");
    }

    /**
     * Without a cursor, "newest" is by position (commit order), the order the cursor continues in; here it is also the
     * receive order.
     */
    @Test
    void answersTheNewestEventsFirstWithEveryFieldOfTheEvent() {
        store(received(spring, EventType.CLICK, T0));
        store(received(autumn, EventType.VIEW, T0.plusSeconds(1)));
        TrackedEvent full = new TrackedEvent(new CampaignId(spring), EventType.CONVERSION,
                Instant.parse("2025-03-10T11:59:58.5Z"), new Dimensions("returning", "email", "mobile"), "s-1",
                null, "UA", null, null, new EventData("{\"order\":\"A-1\",\"items\":[1,2]}"), null);
        NewEvent conversion = new NewEvent(EventIds.next(T0), T0.plusSeconds(2), full);
        store(conversion);

        Reply reply = api.get(STREAM).asSuperAdmin().send();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("success").asBoolean()).isTrue();
        JsonNode events = reply.data().get("events");
        assertThat(types(events)).containsExactly("conversion", "view", "click");
        JsonNode first = events.get(0);
        assertThat(fieldNames(first)).containsExactly("id", "campaign_id", "campaign_name", "event_type",
                "event_data", "audience_segment", "channel", "device_type", "created_at");
        assertThat(first.get("id").asText()).isEqualTo(conversion.id().toString());
        assertThat(first.get("campaign_id").asText()).isEqualTo(spring.toString());
        assertThat(first.get("campaign_name").asText()).isEqualTo("Spring sale");
        assertThat(first.get("event_data").get("order").asText()).isEqualTo("A-1");
        assertThat(first.get("event_data").get("items").size()).isEqualTo(2);
        assertThat(first.get("audience_segment").asText()).isEqualTo("returning");
        assertThat(first.get("channel").asText()).isEqualTo("email");
        assertThat(first.get("device_type").asText()).isEqualTo("mobile");
        assertThat(first.get("created_at").asText()).isEqualTo("2025-03-10T11:59:58.500Z");
        assertThat(events.get(1).get("event_data").isNull()).isTrue();
        assertThat(events.get(1).get("channel").isNull()).isTrue();
        assertThat(reply.data().get("last_updated").asText()).isEqualTo("2025-03-10T12:00:02Z");
    }

    @Test
    void pollingWithLastUpdatedGivesOnlyWhatWasReceivedStrictlyAfterIt() {
        store(received(spring, EventType.VIEW, T0));
        store(received(spring, EventType.CLICK, T0.plusMillis(1)));

        Reply first = api.get(STREAM).asSuperAdmin().send();
        String lastUpdated = first.data().get("last_updated").asText();
        assertThat(lastUpdated).isEqualTo("2025-03-10T12:00:00.001Z");

        Reply nothingNew = api.get(STREAM + "?last_updated=" + lastUpdated).asSuperAdmin().send();
        assertThat(nothingNew.data().get("events")).isEmpty();
        assertThat(nothingNew.data().get("last_updated").asText()).isEqualTo(lastUpdated);

        store(received(spring, EventType.CONVERSION, T0.plusMillis(1).plusNanos(1_000)));
        Reply next = api.get(STREAM + "?last_updated=" + lastUpdated).asSuperAdmin().send();
        assertThat(types(next.data().get("events"))).containsExactly("conversion");
        assertThat(next.data().get("last_updated").asText()).isEqualTo("2025-03-10T12:00:00.001001Z");

        // An instant with an offset other than Z means the same instant.
        Reply withOffset = api.get(STREAM + "?last_updated=2025-03-10T14:00:00%2B02:00").asSuperAdmin().send();
        assertThat(types(withOffset.data().get("events"))).containsExactly("conversion", "click");
    }

    /** The trap of the older form: 10 events arrive between two polls of 3; all 10 must be seen, once, in order. */
    @Test
    void pollingWithTheCursorSeesEveryEventExactlyOnceInCommitOrderAndHasMoreTurnsFalse() {
        JsonNode start = api.get(STREAM + "?limit=3").asSuperAdmin().send().data();
        assertThat(start.get("events")).isEmpty();
        long cursor = start.get("last_event_id").asLong();
        List<String> tracked = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            NewEvent e = received(i % 2 == 0 ? spring : autumn, EventType.VIEW, T0.plusSeconds(i));
            store(e);
            tracked.add(e.id().toString());
        }

        List<String> seen = new ArrayList<>();
        List<Boolean> hasMore = new ArrayList<>();
        for (int polls = 0; polls < 10; polls++) {
            Reply reply = api.get(STREAM + "?limit=3&last_event_id=" + cursor).asSuperAdmin().send();
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            JsonNode page = reply.data();
            assertThat(fieldNames(page)).containsExactly("events", "last_event_id", "has_more");
            page.get("events").forEach(e -> seen.add(e.get("id").asText()));
            hasMore.add(page.get("has_more").asBoolean());
            cursor = page.get("last_event_id").asLong();
            if (!page.get("has_more").asBoolean()) {
                break;
            }
        }

        assertThat(seen).containsExactlyElementsOf(tracked);
        assertThat(hasMore).containsExactly(true, true, true, false);
        JsonNode nothingNew = api.get(STREAM + "?limit=3&last_event_id=" + cursor).asSuperAdmin().send().data();
        assertThat(nothingNew.get("events")).isEmpty();
        assertThat(nothingNew.get("last_event_id").asLong()).isEqualTo(cursor);
        assertThat(nothingNew.get("has_more").asBoolean()).isFalse();
    }

    /**
     * An event is stamped when received, before its transaction commits: one stamped before an event already seen can
     * commit after it. Polling by receive time passes it by; the cursor does not.
     */
    @Test
    void anEventStampedEarlierButCommittedLaterIsSeenWithTheCursorAndMissedByLastUpdated() {
        store(received(spring, EventType.VIEW, T0.plusSeconds(10)));
        JsonNode first = api.get(STREAM).asSuperAdmin().send().data();
        assertThat(types(first.get("events"))).containsExactly("view");
        store(received(spring, EventType.CLICK, T0));

        JsonNode byCursor = api.get(STREAM + "?last_event_id=" + first.get("last_event_id").asLong())
                .asSuperAdmin().send().data();
        JsonNode byTime = api.get(STREAM + "?last_updated=" + first.get("last_updated").asText())
                .asSuperAdmin().send().data();

        assertThat(types(byCursor.get("events"))).containsExactly("click");
        assertThat(byTime.get("events")).as("the older, lossy form").isEmpty();
    }

    /** Many writers at once while a client polls with the cursor: it ends with every stored event, each once. */
    @Test
    void aClientPollingWithTheCursorMissesNothingWhileManyWritersAppend() throws Exception {
        long cursor = api.get(STREAM).asSuperAdmin().send().data().get("last_event_id").asLong();
        int writers = 4;
        AtomicInteger appended = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    List<NewEvent> batch = new ArrayList<>();
                    for (int k = 0; k <= (i + writer) % 3; k++) {
                        batch.add(received(writer % 2 == 0 ? spring : autumn, EventType.VIEW, T0));
                    }
                    db.adapters().eventStore().append(batch);
                    appended.addAndGet(batch.size());
                }
                return null;
            }));
        }
        List<String> seen = new ArrayList<>();
        boolean writing = true;
        while (true) {
            boolean finalRound = !writing;
            JsonNode page = api.get(STREAM + "?limit=3&last_event_id=" + cursor).asSuperAdmin().send().data();
            page.get("events").forEach(e -> seen.add(e.get("id").asText()));
            cursor = page.get("last_event_id").asLong();
            if (finalRound && !page.get("has_more").asBoolean()) {
                break;
            }
            writing = done.stream().anyMatch(f -> !f.isDone());
        }
        for (Future<?> f : done) {
            f.get(1, TimeUnit.MINUTES);
        }
        pool.shutdown();

        List<String> stored = api.rows("SELECT id FROM campaign_analytics ORDER BY seq").stream()
                .map(r -> r.get("id").toString()).toList();
        assertThat(stored).hasSize(appended.get());
        assertThat(seen).containsExactlyElementsOf(stored);
    }

    @Test
    void aPollWithoutACursorGivesTheNewestFirstAndTheCursorToContinueFrom() {
        store(received(spring, EventType.VIEW, T0));
        store(received(autumn, EventType.CLICK, T0.plusSeconds(1)));
        store(received(spring, EventType.CONVERSION, T0.plusSeconds(2)));

        JsonNode latest = api.get(STREAM + "?limit=2").asSuperAdmin().send().data();

        assertThat(fieldNames(latest)).containsExactly("events", "last_event_id", "has_more", "last_updated");
        assertThat(types(latest.get("events"))).containsExactly("conversion", "click");
        assertThat(latest.get("has_more").asBoolean()).isFalse();
        long cursor = latest.get("last_event_id").asLong();
        assertThat(cursor).isEqualTo(((Number) api.one("SELECT max(seq) FROM campaign_analytics")).longValue());
        store(received(autumn, EventType.IMPRESSION, T0.plusSeconds(3)));
        assertThat(types(api.get(STREAM + "?last_event_id=" + cursor).asSuperAdmin().send().data().get("events")))
                .containsExactly("impression");
        // A campaign without events: the cursor is the newest position of all, which its next event comes after.
        UUID quiet = api.campaign("Quiet");
        JsonNode none = api.get(STREAM + "?campaign_id=" + quiet).asSuperAdmin().send().data();
        assertThat(none.get("events")).isEmpty();
        assertThat(none.get("last_event_id").asLong()).isEqualTo(cursor + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "limit=1&limit=2|limit",
            "last_event_id=1&last_event_id=2|last_event_id",
            "campaign_id=|campaign_id",
            "last_event_id=|last_event_id",
            "limit=|limit",
            "last_updated=|last_updated",
            "lmit=3|lmit",
            "after=5|after",
            "cursor=5|cursor",
            "last_event_id=-1|last_event_id",
            "last_event_id=abc|last_event_id",
            "last_event_id=1.5|last_event_id",
            "last_event_id=99999999999999999999|last_event_id",
            "last_event_id=0&last_updated=2025-03-10T12:00:00Z|last_updated"})
    void aParameterGivenTwiceEmptyUnknownMalformedOrMixedIsRefusedNamingIt(String caseText) {
        String[] parts = caseText.split("\\|");
        Reply reply = api.get(STREAM + "?" + parts[0]).asSuperAdmin().send();

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.json().get("success").asBoolean()).isFalse();
        assertThat(reply.errorFields()).containsExactly(parts[1]);
    }

    @Test
    void everyParameterMistakeIsNamedAtOnceOnBothFormsAndTheCacheBusterPasses() {
        Reply poll = api.get(STREAM + "?limit=2&limit=3&campaign_id=&lastEventId=4").asSuperAdmin().send();
        assertThat(poll.status()).isEqualTo(400);
        assertThat(poll.errorFields()).containsExactlyInAnyOrder("limit", "campaign_id", "lastEventId");

        Reply stream = api.get(STREAM + "?campaign_id=&since=4").asSuperAdmin()
                .header("Accept", "text/event-stream").send();
        assertThat(stream.status()).isEqualTo(400);
        assertThat(stream.errorFields()).containsExactlyInAnyOrder("campaign_id", "since");

        assertThat(api.get(STREAM + "?limit=2&_=1741608000000").asSuperAdmin().send().status()).isEqualTo(200);
    }

    @Test
    void aCursorAfterTheNewestEventIsRefusedAndZeroStartsFromTheFirst() {
        store(received(spring, EventType.VIEW, T0));
        long newest = ((Number) api.one("SELECT max(seq) FROM campaign_analytics")).longValue();

        Reply beyond = api.get(STREAM + "?last_event_id=" + (newest + 1)).asSuperAdmin().send();
        assertThat(beyond.status()).isEqualTo(400);
        assertThat(beyond.errorFields()).containsExactly("last_event_id");
        assertThat(types(api.get(STREAM + "?last_event_id=0").asSuperAdmin().send().data().get("events")))
                .containsExactly("view");
        assertThat(api.get(STREAM + "?last_event_id=0&campaign_id=" + UUID.randomUUID()).asSuperAdmin().send()
                .status()).isEqualTo(404);
    }

    @Test
    void withoutAnyEventLastUpdatedIsNull() {
        Reply reply = api.get(STREAM).asSuperAdmin().send();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data().get("events")).isEmpty();
        assertThat(reply.data().get("last_updated").isNull()).isTrue();
    }

    @Test
    void theLimitIsFiftyByDefaultAndOneToFiveHundred() {
        List<NewEvent> many = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            many.add(received(spring, EventType.VIEW, T0.plusSeconds(i)));
        }
        db.adapters().eventStore().append(many);

        JsonNode byDefault = api.get(STREAM).asSuperAdmin().send().data();
        assertThat(byDefault.get("events")).hasSize(50);
        assertThat(byDefault.get("events").get(0).get("id").asText()).isEqualTo(many.get(59).id().toString());
        assertThat(byDefault.get("last_updated").asText()).isEqualTo(T0.plusSeconds(59).toString());
        assertThat(api.get(STREAM + "?limit=1").asSuperAdmin().send().data().get("events")).hasSize(1);
        assertThat(api.get(STREAM + "?limit=500").asSuperAdmin().send().data().get("events")).hasSize(60);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "501", "-1", "ten", "1.5"})
    void aLimitOutsideOneToFiveHundredIsRefusedNamingLimit(String limit) {
        Reply reply = api.get(STREAM + "?limit=" + limit).asSuperAdmin().send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("limit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2025-03-10T12:00:00", "2025-03-10", "2025-13-10T12:00:00Z"})
    void aLastUpdatedThatIsNotAnInstantIsRefusedNamingIt(String lastUpdated) {
        Reply reply = api.get(STREAM + "?last_updated=" + lastUpdated).asSuperAdmin().send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("last_updated");
    }

    @Test
    void everyMistakeOfTheQueryIsNamedAtOnce() {
        Reply reply = api.get(STREAM + "?campaign_id=nope&last_updated=soon&limit=0").asSuperAdmin().send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactlyInAnyOrder("campaign_id", "last_updated", "limit");
    }

    @Test
    void aCampaignIdKeepsOnlyThatCampaignsEvents() {
        store(received(spring, EventType.VIEW, T0));
        store(received(autumn, EventType.CLICK, T0.plusSeconds(1)));
        store(received(spring, EventType.CONVERSION, T0.plusSeconds(2)));

        JsonNode data = api.get(STREAM + "?campaign_id=" + spring).asSuperAdmin().send().data();

        assertThat(types(data.get("events"))).containsExactly("conversion", "view");
        data.get("events").forEach(e -> assertThat(e.get("campaign_id").asText()).isEqualTo(spring.toString()));
    }

    @Test
    void anUnknownCampaignIsNotFoundAndAMalformedOneIsRefused() {
        Reply unknown = api.get(STREAM + "?campaign_id=" + UUID.randomUUID()).asSuperAdmin().send();
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("success").asBoolean()).isFalse();

        Reply malformed = api.get(STREAM + "?campaign_id=12345").asSuperAdmin().send();
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorFields()).containsExactly("campaign_id");
    }

    @Test
    void theRouteAsksForAnalyticsRead() {
        assertThat(api.get(STREAM).send().status()).isEqualTo(401);
        assertThat(api.get(STREAM).bearer(ApiServer.token(Permissions.MARKETING_ADMIN, Permissions.CAMPAIGNS_READ))
                .send().status()).isEqualTo(403);
        assertThat(api.get(STREAM).bearer(ApiServer.token("viewer", Permissions.ANALYTICS_READ))
                .send().status()).isEqualTo(403);
        assertThat(api.get(STREAM).bearer(ApiServer.token(Permissions.MARKETING_ADMIN, Permissions.ANALYTICS_READ))
                .send().status()).isEqualTo(200);
        assertThat(api.get(STREAM).asSuperAdmin().send().status()).isEqualTo(200);
    }

    /** For EventSource, which cannot set headers; only when no Authorization header is sent. */
    @Test
    void theTokenMayComeAsTheAccessTokenQueryParameter() {
        String reader = ApiServer.token(Permissions.MARKETING_ADMIN, Permissions.ANALYTICS_READ);
        String other = ApiServer.token(Permissions.MARKETING_ADMIN, Permissions.CAMPAIGNS_READ);

        assertThat(api.get(STREAM + "?access_token=" + reader).send().status()).isEqualTo(200);
        assertThat(api.get(STREAM + "?access_token=" + other).send().status()).isEqualTo(403);
        assertThat(api.get(STREAM + "?access_token=forged.token.here").send().status()).isEqualTo(401);
        assertThat(api.get(STREAM + "?access_token=" + reader).bearer(other).send().status()).isEqualTo(403);
        assertThat(api.get("/v1/marketing/admin/campaigns?access_token=" + ApiServer.superAdmin()).send().status())
                .as("other admin routes take the header only").isEqualTo(401);
    }

    private static void store(NewEvent event) {
        db.adapters().eventStore().append(List.of(event));
    }

    private static NewEvent received(UUID campaign, EventType type, Instant receivedAt) {
        return new NewEvent(EventIds.next(receivedAt), receivedAt,
                TrackedEvent.of(new CampaignId(campaign), type, receivedAt.minusSeconds(1)));
    }

    private static List<String> types(JsonNode events) {
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.get("event_type").asText()));
        return types;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
