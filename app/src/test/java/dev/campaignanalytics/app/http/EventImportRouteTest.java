package dev.campaignanalytics.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.campaignanalytics.app.http.ApiServer.Reply;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.Source;
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

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class EventImportRouteTest {
    private static final String IMPORT = "/v1/marketing/admin/events/import";
    private static final String NDJSON = "application/x-ndjson";

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
        campaign = api.campaign("Imported");
    }

    private String event(String type, String extra) {
        return "{\"campaign_id\": \"" + campaign + "\", \"event_type\": \"" + type + "\"" + extra + "}";
    }

    private String event(String type) {
        return event(type, "");
    }

    private static Reply importNdjson(ApiServer server, String body) {
        return server.post(IMPORT).asSuperAdmin().body(NDJSON, body).send();
    }

    private static List<Long> positions(JsonNode data, String key) {
        List<Long> positions = new ArrayList<>();
        data.get("rejected").forEach(r -> positions.add(r.get(key).asLong()));
        return positions;
    }

    private static List<String> fields(JsonNode rejection) {
        List<String> fields = new ArrayList<>();
        rejection.get("errors").forEach(e -> fields.add(e.get("field").asText()));
        return fields;
    }

    // ---- NDJSON ----

    @Test
    void ndjsonEventsAreStoredWithTheirOwnTimesHoweverOld() {
        String body = event("view", ", \"occurred_at\": \"2020-02-29T23:59:59Z\"") + "\n"
                + event("click", ", \"occurred_at\": \"2021-06-01T08:00:00+02:00\"") + "\r\n"
                + "\n"
                + event("conversion");

        Reply reply = importNdjson(api, body);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode data = reply.data();
        assertThat(data.get("accepted").asLong()).isEqualTo(3);
        assertThat(data.get("duplicates").asLong()).isZero();
        assertThat(data.get("rejected").isEmpty()).isTrue();
        assertThat(data.get("rejected_total").asLong()).isZero();
        assertThat(api.rows("SELECT created_at FROM campaign_analytics WHERE campaign_id = ? ORDER BY created_at",
                campaign).stream().map(r -> (Instant) r.get("created_at")).limit(2).toList())
                .containsExactly(Instant.parse("2020-02-29T23:59:59Z"), Instant.parse("2021-06-01T06:00:00Z"));
    }

    @Test
    void aBadLineIsRejectedByItsLineNumberAndTheOthersAreStored() {
        String body = String.join("\n",
                event("view"),
                "{\"campaign_id\": ",
                event("click"),
                "[1, 2]",
                event("tap"),
                "{\"campaign_id\": \"" + UUID.randomUUID() + "\", \"event_type\": \"view\"}",
                event("view", ", \"occurred_at\": \"" + Instant.now().plus(Duration.ofDays(1)) + "\""),
                event("conversion"));

        Reply reply = importNdjson(api, body);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode data = reply.data();
        assertThat(data.get("accepted").asLong()).isEqualTo(3);
        assertThat(positions(data, "line")).containsExactly(2L, 4L, 5L, 6L, 7L);
        assertThat(data.get("rejected").get(0).has("index")).isFalse();
        assertThat(fields(data.get("rejected").get(2))).containsExactly("event_type");
        assertThat(fields(data.get("rejected").get(3))).containsExactly("campaign_id");
        assertThat(fields(data.get("rejected").get(4))).containsExactly("occurred_at");
        assertThat(data.get("rejected_total").asLong()).isEqualTo(5);
        assertThat(api.storedEvents(campaign)).isEqualTo(3);
    }

    @Test
    void rejectionsAreListedInTheOrderOfTheBody() {
        String unknownCampaign = "{\"campaign_id\": \"" + UUID.randomUUID() + "\", \"event_type\": \"view\"}";

        Reply reply = importNdjson(api, unknownCampaign + "\n{bad\n" + event("view"));

        assertThat(positions(reply.data(), "line")).containsExactly(1L, 2L);
    }

    @Test
    void aLineLongerThanAnyEventIsRejectedAloneAndTheNextIsStored() {
        String body = event("view", ", \"pad\": \"" + "p".repeat(100_000) + "\"") + "\n" + event("click");

        Reply reply = importNdjson(api, body);

        assertThat(reply.data().get("accepted").asLong()).isEqualTo(1);
        assertThat(positions(reply.data(), "line")).containsExactly(1L);
        assertThat(api.storedEvents(campaign)).isEqualTo(1);
    }

    @Test
    void importedEventsDoNotTakeTheImportersAddressOrUserAgent() {
        importNdjson(api, event("view"));

        assertThat(api.rows("SELECT user_agent, ip_address FROM campaign_analytics WHERE campaign_id = ?", campaign))
                .singleElement().satisfies(row -> {
                    assertThat(row.get("user_agent")).isNull();
                    assertThat(row.get("ip_address")).isNull();
                });
    }

    @Test
    void importedAddressesAreAnonymisedToo() {
        importNdjson(api, event("view", ", \"ip_address\": \"203.0.113.77\""));

        assertThat(api.one("SELECT host(ip_address) FROM campaign_analytics WHERE campaign_id = ?", campaign))
                .isEqualTo("203.0.113.0");
    }

    @Test
    void eventIdsAlreadyStoredOrRepeatedAreCountedAsDuplicates() {
        importNdjson(api, event("view", ", \"event_id\": \"a\""));

        Reply reply = importNdjson(api, String.join("\n",
                event("view", ", \"event_id\": \"a\""),
                event("view", ", \"event_id\": \"b\""),
                event("view", ", \"event_id\": \"b\"")));

        assertThat(reply.data().get("accepted").asLong()).isEqualTo(1);
        assertThat(reply.data().get("duplicates").asLong()).isEqualTo(2);
        assertThat(api.storedEvents(campaign)).isEqualTo(2);
    }

    @Test
    void anEmptyImportStoresNothingAndSaysSo() {
        Reply reply = importNdjson(api, "");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data().get("accepted").asLong()).isZero();
        assertThat(reply.data().get("rejected_total").asLong()).isZero();
    }

    // ---- JSON array ----

    @Test
    void aJsonArrayIsImportedAndItsRejectionsAreByIndex() {
        String body = "[" + event("view") + ", 7, " + event("click", ", \"user_id\": \"x\"") + ", " + event("click")
                + "]";

        Reply reply = api.post(IMPORT).asSuperAdmin().json(body).send();

        assertThat(reply.status()).isEqualTo(200);
        JsonNode data = reply.data();
        assertThat(data.get("accepted").asLong()).isEqualTo(2);
        assertThat(positions(data, "index")).containsExactly(1L, 2L);
        assertThat(data.get("rejected").get(0).has("line")).isFalse();
        assertThat(fields(data.get("rejected").get(1))).containsExactly("user_id");
        assertThat(api.storedEvents(campaign)).isEqualTo(2);
    }

    @Test
    void aJsonArrayThatTurnsMalformedStoresWhatCameBeforeAndSaysWhereItStopped() {
        String body = "[" + event("view") + ", " + event("click") + ", {\"campaign_id\": oops}, " + event("view")
                + "]";

        Reply reply = api.post(IMPORT).asSuperAdmin().json(body).send();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data().get("accepted").asLong()).isEqualTo(2);
        assertThat(positions(reply.data(), "index")).containsExactly(2L);
        assertThat(reply.data().get("rejected").get(0).get("errors").get(0).get("message").asText())
                .contains("not read");
        assertThat(api.storedEvents(campaign)).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"events\": []}", "\"text\"", "not json", ""})
    void aJsonBodyThatIsNotAnArrayIsRefusedAndStoresNothing(String body) {
        Reply reply = api.post(IMPORT).asSuperAdmin().json(body).send();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("body");
        assertThat(api.allStoredEvents()).isZero();
    }

    // ---- content types ----

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "text/csv", "application/octet-stream"})
    void otherContentTypesAreRefusedWith415(String contentType) {
        Reply reply = api.post(IMPORT).asSuperAdmin().body(contentType, event("view")).send();

        assertThat(reply.status()).isEqualTo(415);
        assertThat(api.allStoredEvents()).isZero();
    }

    @Test
    void ndjsonWithACharsetParameterIsAccepted() {
        Reply reply = api.post(IMPORT).asSuperAdmin().body("application/x-ndjson; charset=utf-8", event("view"))
                .send();

        assertThat(reply.data().get("accepted").asLong()).isEqualTo(1);
    }

    // ---- limits, transactions and failures ----

    private static HttpSettings settings(int transactionSize, int maxRejections) {
        HttpSettings d = HttpSettings.defaults();
        return new HttpSettings(d.trustProxy(), d.maxTrackingBodyBytes(), d.maxBatchEvents(), transactionSize,
                maxRejections);
    }

    @Test
    void theRejectedListIsCappedWhileTheTotalCountsEveryRejection() {
        try (ApiServer capped = ApiServer.start(db, settings(10_000, 5))) {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 12; i++) {
                body.append("{bad\n");
            }
            body.append(event("view"));

            Reply reply = importNdjson(capped, body.toString());

            assertThat(reply.data().get("rejected").size()).isEqualTo(5);
            assertThat(positions(reply.data(), "line")).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(reply.data().get("rejected_total").asLong()).isEqualTo(12);
            assertThat(reply.data().get("accepted").asLong()).isEqualTo(1);
        }
    }

    @Test
    void eventsAreStoredAsImportsInTransactionsOfAtMostTheConfiguredSize() {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        List<Source> sources = new CopyOnWriteArrayList<>();
        try (ApiServer watched = ApiServer.start(db, settings(4, 1000), real -> command -> {
            sizes.add(command.events().size());
            sources.add(command.source());
            return real.track(command);
        })) {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                body.append(event("view")).append('\n');
            }

            Reply reply = importNdjson(watched, body.toString());

            assertThat(reply.data().get("accepted").asLong()).isEqualTo(10);
            assertThat(sizes).containsExactly(4, 4, 2);
            assertThat(sources).containsOnly(Source.IMPORT);
        }
    }

    @Test
    void whenTheStoreFailsMidImportTheCommittedTransactionsStayAndTheAnswerSaysHowFar() {
        AtomicInteger calls = new AtomicInteger();
        try (ApiServer failing = ApiServer.start(db, settings(3, 1000), real -> command -> {
            if (calls.incrementAndGet() == 2) {
                throw new StoreUnavailableException("lost connection", null);
            }
            return real.track(command);
        })) {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 7; i++) {
                body.append(event("view")).append('\n');
            }

            Reply reply = importNdjson(failing, body.toString());

            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.header("Retry-After")).isNotBlank();
            assertThat(reply.json().get("message").asText()).contains("3 new events").contains("line 3");
            assertThat(api.storedEvents(campaign)).isEqualTo(3);
        }
    }

    @Test
    void aHundredThousandEventImportIsStreamedWithoutHoldingTheBody() throws Exception {
        int events = 100_000;
        // Each line carries 700 bytes of event data, so the ~85 MB body would show if it were held.
        String pad = "p".repeat(700);
        long before = liveHeap();
        HeapWatch watch = new HeapWatch();
        watch.start();
        Reply reply;
        try {
            reply = api.post(IMPORT).asSuperAdmin()
                    .stream(NDJSON, () -> new GeneratedNdjson(campaign, events, pad)).send();
        } finally {
            watch.finish();
        }

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.data().get("accepted").asLong()).isEqualTo(events);
        assertThat(reply.data().get("rejected_total").asLong()).isZero();
        assertThat(api.storedEvents(campaign)).isEqualTo(events);
        assertThat(watch.samples()).as("heap samples taken during the import").isGreaterThan(3);
        assertThat(watch.peak() - before)
                .as("growth of the live heap during the import (%d MB before, %d MB at the peak)",
                        before >> 20, watch.peak() >> 20)
                .isLessThan(64L * 1024 * 1024);
    }

    /** The heap in use after a full collection: what is really held, not garbage waiting. */
    private static long liveHeap() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Samples the live heap a few times a second while an import runs, keeping the highest. */
    private static final class HeapWatch extends Thread {
        private volatile boolean running = true;
        private volatile long peak;
        private volatile int samples;

        HeapWatch() {
            super("heap-watch");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                peak = Math.max(peak, liveHeap());
                samples++;
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void finish() throws InterruptedException {
            running = false;
            join();
        }

        long peak() {
            return peak;
        }

        int samples() {
            return samples;
        }
    }

    /** NDJSON events made as they are read, so that the client holds no more of the body than the server should. */
    private static final class GeneratedNdjson extends InputStream {
        private final String campaign;
        private final int total;
        private final String pad;
        private int made;
        private byte[] line = new byte[0];
        private int pos;

        GeneratedNdjson(UUID campaign, int total, String pad) {
            this.campaign = campaign.toString();
            this.total = total;
            this.pad = pad;
        }

        private boolean fill() {
            if (pos < line.length) {
                return true;
            }
            if (made == total) {
                return false;
            }
            String text = "{\"campaign_id\":\"" + campaign + "\",\"event_type\":\"" + (made % 2 == 0 ? "view" : "click")
                    + "\",\"event_id\":\"bulk-" + made + "\",\"occurred_at\":\"2024-03-0" + (1 + made % 9)
                    + "T10:00:00Z\",\"event_data\":{\"note\":\"" + pad + "\"}}\n";
            line = text.getBytes(StandardCharsets.UTF_8);
            pos = 0;
            made++;
            return true;
        }

        @Override
        public int read() {
            return fill() ? line[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int n = 0;
            while (n < len && fill()) {
                int chunk = Math.min(len - n, line.length - pos);
                System.arraycopy(line, pos, b, off + n, chunk);
                pos += chunk;
                n += chunk;
            }
            return n == 0 ? -1 : n;
        }
    }
}
