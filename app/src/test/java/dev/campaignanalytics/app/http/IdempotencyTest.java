package dev.campaignanalytics.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.campaignanalytics.app.http.ApiServer.Reply;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase;
import dev.campaignanalytics.core.port.out.StoreUnavailableException;
import dev.campaignanalytics.http.HttpSettings;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.ZoneOffset;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #9, point 3: a client {@code event_id} names one event per campaign, on every ingest route, however often and
 * however concurrently it is sent, and a duplicate changes no report. Also the subtle case of a lost acknowledgement:
 * the event was committed but the client heard 503, retries with the same id, and gets the first event back.
 */
class IdempotencyTest {
    private static final String TRACK = "/v1/marketing/track-event";
    private static final String BATCH = "/v1/marketing/track-events";
    private static final String IMPORT = "/v1/marketing/admin/events/import";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SENDERS = 3;

    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    private static ApiServer api;
    private static ExecutorService pool;
    private UUID campaign;
    /** When every event of a test happened: a minute ago, so that the day's report holds them all. */
    private final Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);

    @BeforeAll
    static void startServer() {
        api = ApiServer.start(db);
        pool = Executors.newFixedThreadPool(SENDERS);
    }

    @AfterAll
    static void stopServer() {
        pool.shutdownNow();
        api.close();
    }

    @BeforeEach
    void aCampaign() {
        campaign = api.campaign("Idempotent");
    }

    private ObjectNode event(String type, String eventId) {
        ObjectNode e = JSON.createObjectNode();
        e.put("campaign_id", campaign.toString());
        e.put("event_type", type);
        e.put("occurred_at", at.toString());
        if (eventId != null) {
            e.put("event_id", eventId);
        }
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

    private static String ndjson(JsonNode... events) {
        List<String> lines = new ArrayList<>();
        for (JsonNode e : events) {
            lines.add(e.toString());
        }
        return String.join("\n", lines);
    }

    /** The summary report's totals for the day of the events: views, clicks, conversions, impressions. */
    private Map<String, Long> report() {
        String day = at.atZone(ZoneOffset.UTC).toLocalDate().toString();
        Reply reply = api.get("/v1/marketing/admin/analytics/campaigns/" + campaign + "/summary?start_date=" + day
                + "&end_date=" + day + "&tz=UTC").asSuperAdmin().send();
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode s = reply.data().get("summary");
        return Map.of("views", s.get("total_views").asLong(), "clicks", s.get("total_clicks").asLong(),
                "conversions", s.get("total_conversions").asLong(),
                "impressions", s.get("total_impressions").asLong());
    }

    private static Map<String, Long> totals(long views, long clicks, long conversions, long impressions) {
        return Map.of("views", views, "clicks", clicks, "conversions", conversions, "impressions", impressions);
    }

    /** Sends the requests all at once (released together) and returns their answers in order. */
    private static List<Reply> atOnce(List<Supplier<Reply>> requests) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reply>> futures = new ArrayList<>();
        for (Supplier<Reply> r : requests) {
            Callable<Reply> send = () -> {
                go.await();
                return r.get();
            };
            futures.add(pool.submit(send));
        }
        go.countDown();
        List<Reply> replies = new ArrayList<>();
        for (Future<Reply> f : futures) {
            replies.add(f.get());
        }
        return replies;
    }

    private long storedWithEventId(String eventId) {
        return api.count("SELECT count(*) FROM campaign_analytics WHERE campaign_id = ? AND client_event_id = ?",
                campaign, eventId);
    }

    @Test
    void theSameEventIdSentThreeTimesAtOnceOnTheSingleRouteIsCountedOnceAndLaterRacesChangeNoReport()
            throws Exception {
        for (int round = 0; round < 5; round++) {
            List<Reply> replies = atOnce(List.of(
                    () -> api.post(TRACK).json(event("click", "single").toString()).send(),
                    () -> api.post(TRACK).json(event("click", "single").toString()).send(),
                    () -> api.post(TRACK).json(event("click", "single").toString()).send()));

            List<String> ids = new ArrayList<>();
            long firsts = 0;
            for (Reply r : replies) {
                assertThat(r.status()).as(r.toString()).isEqualTo(200);
                ids.add(r.data().get("event_id").asText());
                firsts += r.data().path("duplicate").asBoolean(false) ? 0 : 1;
            }
            assertThat(ids).containsOnly(ids.get(0));
            assertThat(firsts).as("round %d: answers that stored it", round).isEqualTo(round == 0 ? 1 : 0);
            assertThat(storedWithEventId("single")).isEqualTo(1);
            assertThat(report()).isEqualTo(totals(0, 1, 0, 0));
        }
    }

    @Test
    void anEventIdSharedByThreeConcurrentBatchesIsStoredOnceAndCountedOnce() throws Exception {
        List<Supplier<Reply>> batches = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            String body = batch(event("view", "own-" + i), event("view", "shared"), event("click", "own-click-" + i));
            batches.add(() -> api.post(BATCH).json(body).send());
        }

        List<Reply> replies = atOnce(batches);

        List<String> sharedIds = new ArrayList<>();
        long accepted = 0;
        long duplicates = 0;
        for (Reply r : replies) {
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            sharedIds.add(r.data().get("event_ids").get(1).asText());
            accepted += r.data().get("accepted").asLong();
            duplicates += r.data().get("duplicates").asLong();
        }
        assertThat(sharedIds).containsOnly(sharedIds.get(0));
        assertThat(accepted).isEqualTo(2L * SENDERS + 1);
        assertThat(duplicates).isEqualTo(SENDERS - 1);
        assertThat(storedWithEventId("shared")).isEqualTo(1);
        assertThat(api.storedEvents(campaign)).isEqualTo(2L * SENDERS + 1);
        assertThat(report()).isEqualTo(totals(SENDERS + 1, SENDERS, 0, 0));

        Map<String, Long> before = report();
        atOnce(batches);
        assertThat(api.storedEvents(campaign)).isEqualTo(2L * SENDERS + 1);
        assertThat(report()).as("a replay of every batch changes no report").isEqualTo(before);
    }

    @Test
    void anEventIdRepeatedInsideOneBatchIsStoredOnceCountedOnceAndAllItsPlacesNameOneEvent() {
        Reply reply = api.post(BATCH).json(batch(event("conversion", "again"), event("view", "other"),
                event("conversion", "again"), event("conversion", "again"))).send();

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode ids = reply.data().get("event_ids");
        assertThat(ids.get(2).asText()).isEqualTo(ids.get(0).asText());
        assertThat(ids.get(3).asText()).isEqualTo(ids.get(0).asText());
        assertThat(reply.data().get("accepted").asLong()).isEqualTo(2);
        assertThat(reply.data().get("duplicates").asLong()).isEqualTo(2);
        assertThat(storedWithEventId("again")).isEqualTo(1);
        assertThat(report()).isEqualTo(totals(1, 0, 1, 0));
    }

    @Test
    void concurrentImportsOfTheSameEventsStoreEachOnceAndAReplayedImportChangesNoReport() throws Exception {
        String body = ndjson(event("impression", "imp-1"), event("impression", "imp-2"), event("view", "imp-3"),
                event("impression", "imp-1"));
        Supplier<Reply> importIt = () -> api.post(IMPORT).asSuperAdmin().body("application/x-ndjson", body).send();

        List<Reply> replies = atOnce(List.of(importIt, importIt, importIt));

        long accepted = 0;
        for (Reply r : replies) {
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            accepted += r.data().get("accepted").asLong();
        }
        assertThat(accepted).isEqualTo(3);
        assertThat(api.storedEvents(campaign)).isEqualTo(3);
        Map<String, Long> before = report();
        assertThat(before).isEqualTo(totals(1, 0, 0, 2));

        Reply replay = importIt.get();
        assertThat(replay.data().get("accepted").asLong()).isZero();
        assertThat(replay.data().get("duplicates").asLong()).isEqualTo(4);
        assertThat(report()).isEqualTo(before);
    }

    @Test
    void oneEventIdIsOneEventAcrossTheSingleTheBatchAndTheImportRoutes() throws Exception {
        List<Reply> replies = atOnce(List.of(
                () -> api.post(TRACK).json(event("click", "everywhere").toString()).send(),
                () -> api.post(BATCH).json(batch(event("click", "everywhere"))).send(),
                () -> api.post(IMPORT).asSuperAdmin().body("application/x-ndjson",
                        event("click", "everywhere").toString()).send()));

        for (Reply r : replies) {
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
        }
        String single = replies.get(0).data().get("event_id").asText();
        assertThat(replies.get(1).data().get("event_ids").get(0).asText()).isEqualTo(single);
        assertThat(storedWithEventId("everywhere")).isEqualTo(1);
        assertThat(report()).isEqualTo(totals(0, 1, 0, 0));
    }

    @Test
    void anEventIdIsADuplicateAcrossMonthlyPartitions() {
        ObjectNode january = event("view", "long-lived").put("occurred_at", "2024-01-15T10:00:00Z");
        ObjectNode march = event("view", "long-lived").put("occurred_at", "2024-03-15T10:00:00Z");

        api.post(IMPORT).asSuperAdmin().body("application/x-ndjson", january.toString()).send();
        Reply again = api.post(IMPORT).asSuperAdmin().body("application/x-ndjson", march.toString()).send();
        Reply live = api.post(TRACK).json(event("view", "long-lived").toString()).send();

        assertThat(again.data().get("duplicates").asLong()).isEqualTo(1);
        assertThat(live.data().get("duplicate").asBoolean()).isTrue();
        assertThat(storedWithEventId("long-lived")).isEqualTo(1);
        assertThat(report()).as("today's report holds no copy of the January event").isEqualTo(totals(0, 0, 0, 0));
    }

    @Test
    void eventsWithoutAnEventIdAreNeverDeduplicated() {
        api.post(TRACK).json(event("view", null).toString()).send();
        api.post(TRACK).json(event("view", null).toString()).send();
        api.post(BATCH).json(batch(event("view", null), event("view", null))).send();

        assertThat(api.storedEvents(campaign)).isEqualTo(4);
        assertThat(report()).isEqualTo(totals(4, 0, 0, 0));
    }

    // ---- the lost acknowledgement ----

    @Test
    void whenTheCommitsAcknowledgementIsLostTheClientsRetryWithTheSameIdFindsTheCommittedEventAndNoReportChanges() {
        AtomicBoolean loseAcknowledgements = new AtomicBoolean(true);
        try (ApiServer lossy = ApiServer.start(db, HttpSettings.defaults(),
                tracking -> acknowledgementsLostWhile(tracking, loseAcknowledgements))) {
            Reply single = lossy.post(TRACK).json(event("click", "committed-unheard").toString()).send();
            Reply batch = lossy.post(BATCH).json(batch(event("view", "batch-unheard-1"),
                    event("view", "batch-unheard-2"))).send();

            for (Reply r : List.of(single, batch)) {
                assertThat(r.status()).as(r.toString()).isEqualTo(503);
                assertThat(r.header("Retry-After")).isNotNull();
            }
            // What the client could not know: the events are committed.
            assertThat(api.storedEvents(campaign)).isEqualTo(3);
            Map<String, Long> committed = report();
            assertThat(committed).isEqualTo(totals(2, 1, 0, 0));

            loseAcknowledgements.set(false);
            Reply singleRetry = lossy.post(TRACK).json(event("click", "committed-unheard").toString()).send();
            Reply batchRetry = lossy.post(BATCH).json(batch(event("view", "batch-unheard-1"),
                    event("view", "batch-unheard-2"))).send();

            assertThat(singleRetry.status()).isEqualTo(200);
            assertThat(singleRetry.data().path("duplicate").asBoolean(false)).as("a duplicate").isTrue();
            assertThat(singleRetry.data().get("event_id").asText()).isEqualTo(
                    api.one("SELECT id::text FROM campaign_analytics WHERE client_event_id = 'committed-unheard'"));
            assertThat(batchRetry.status()).isEqualTo(200);
            assertThat(batchRetry.data().get("accepted").asLong()).isZero();
            assertThat(batchRetry.data().get("duplicates").asLong()).isEqualTo(2);
            assertThat(api.storedEvents(campaign)).isEqualTo(3);
            assertThat(report()).isEqualTo(committed);
        }
    }

    /**
     * The tracking use case as a database that commits and then dies before its answer arrives looks to the HTTP
     * layer: the events are stored, and the store reports that it is unavailable.
     */
    private static TrackEventsUseCase acknowledgementsLostWhile(TrackEventsUseCase tracking, AtomicBoolean losing) {
        return command -> {
            TrackEventsUseCase.TrackResult result = tracking.track(command);
            if (losing.get()) {
                throw new StoreUnavailableException("the connection broke after COMMIT was sent", null);
            }
            return result;
        };
    }
}
