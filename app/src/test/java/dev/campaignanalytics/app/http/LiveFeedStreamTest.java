package dev.campaignanalytics.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.campaignanalytics.app.http.ApiServer.Reply;
import dev.campaignanalytics.app.http.SseConnection.Frame;
import dev.campaignanalytics.http.HttpSettings;
import dev.campaignanalytics.http.auth.Permissions;
import dev.campaignanalytics.postgres.PostgresAdapters;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /admin/analytics/stream} as Server-Sent Events, on two servers that share one database, each with its
 * own pool and its own database listener, as two instances behind a load balancer would be.
 */
class LiveFeedStreamTest {
    private static final String STREAM = "/v1/marketing/admin/analytics/stream";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();
    private static Instance a;
    private static Instance b;
    private UUID campaign;

    /** One server with a pool and database listener of its own. */
    private record Instance(HikariDataSource pool, PostgresAdapters adapters, ApiServer api) {
        static Instance start(HttpSettings settings) {
            HikariDataSource pool = PostgresAdapters.pooledDataSource(db.jdbcUrl(), db.user(), db.password());
            PostgresAdapters adapters = PostgresAdapters.create(pool);
            return new Instance(pool, adapters, ApiServer.start(db, adapters, settings));
        }

        void close() {
            api.close();
            adapters.close();
            pool.close();
        }
    }

    @BeforeAll
    static void startTwoServers() {
        a = Instance.start(HttpSettings.defaults());
        b = Instance.start(HttpSettings.defaults());
    }

    @AfterAll
    static void stopServers() {
        a.close();
        b.close();
    }

    @BeforeEach
    void aCampaign() {
        campaign = a.api().campaign("Live");
    }

    @Test
    void anEventTrackedOnOneServerReachesAStreamOnTheOtherWithinASecond() throws Exception {
        try (SseConnection stream = open(b, "?campaign_id=" + campaign, Map.of())) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("Content-Type")).startsWith("text/event-stream");

            for (String type : List.of("impression", "view", "click", "conversion")) {
                long sent = System.nanoTime();
                String id = track(a, campaign, type);
                Frame frame = stream.nextEvent(Duration.ofSeconds(5));
                Duration took = Duration.ofNanos(System.nanoTime() - sent);

                assertThat(frame).as("the %s event arrived", type).isNotNull();
                assertThat(took).as("from tracking on A to the stream on B").isLessThan(Duration.ofSeconds(1));
                assertThat(frame.event()).isEqualTo("analytics_event");
                JsonNode data = JSON.readTree(frame.data());
                assertThat(data.get("id").asText()).isEqualTo(id);
                assertThat(data.get("event_type").asText()).isEqualTo(type);
                assertThat(data.get("campaign_id").asText()).isEqualTo(campaign.toString());
                assertThat(data.get("campaign_name").asText()).isEqualTo("Live");
                assertThat(Long.parseLong(frame.id())).isEqualTo(position(id));
            }
        }
    }

    @Test
    void aStreamOfOneCampaignCarriesNoOtherCampaignsEventsAndAStreamOfAllCarriesBoth() throws Exception {
        UUID other = a.api().campaign("Other");
        try (SseConnection one = open(a, "?campaign_id=" + campaign, Map.of());
             SseConnection all = open(a, "", Map.of())) {
            String otherId = track(b, other, "view");
            String mineId = track(b, campaign, "click");

            assertThat(ids(one.events(1, Duration.ofSeconds(5)))).containsExactly(mineId);
            assertThat(ids(all.events(2, Duration.ofSeconds(5)))).containsExactly(otherId, mineId);
            assertThat(one.nextEvent(Duration.ofMillis(300))).isNull();
        }
    }

    /**
     * Writers keep tracking on both servers while a client reads a while, hangs up, and resumes on the other server
     * with the id of the last event it got. Put together, what it got is every event of the campaign, each once, in
     * the order of their positions.
     */
    @Test
    void aClientThatResumesWithLastEventIdMissesNothingAndGetsNothingTwice() throws Exception {
        int perWriter = 60;
        ExecutorService writers = Executors.newFixedThreadPool(2);
        List<String> received = new ArrayList<>();
        SseConnection first = open(b, "?campaign_id=" + campaign, Map.of());
        try {
            Future<?> viaA = writers.submit(() -> trackMany(a, perWriter));
            Future<?> viaB = writers.submit(() -> trackMany(b, perWriter));
            List<Frame> beforeHangingUp = first.events(25, Duration.ofSeconds(20));
            assertThat(beforeHangingUp).hasSize(25);
            beforeHangingUp.forEach(f -> received.add(f.id()));
            first.close();

            String lastEventId = received.get(received.size() - 1);
            try (SseConnection resumed = open(a, "?campaign_id=" + campaign,
                    Map.of("Last-Event-ID", lastEventId))) {
                viaA.get(1, TimeUnit.MINUTES);
                viaB.get(1, TimeUnit.MINUTES);
                List<Frame> rest = resumed.events(2 * perWriter - received.size(), Duration.ofSeconds(20));
                rest.forEach(f -> received.add(f.id()));
                assertThat(resumed.nextEvent(Duration.ofMillis(500))).as("nothing more").isNull();
            }
        } finally {
            first.close();
            writers.shutdownNow();
        }

        List<String> stored = api().rows("SELECT seq FROM campaign_analytics WHERE campaign_id = ? ORDER BY seq",
                campaign).stream().map(r -> r.get("seq").toString()).toList();
        assertThat(stored).hasSize(2 * perWriter);
        assertThat(received).containsExactlyElementsOf(stored);
    }

    /** What a browser's EventSource can do: the token and the position to resume after, in the query. */
    @Test
    void aClientWithoutHeadersResumesWithQueryParameters() throws Exception {
        String first = track(a, campaign, "view");
        String second = track(a, campaign, "click");
        String token = ApiServer.token(Permissions.MARKETING_ADMIN, Permissions.ANALYTICS_READ);

        try (SseConnection stream = SseConnection.open(b.api().base() + STREAM + "?campaign_id=" + campaign
                + "&last_event_id=" + position(first) + "&access_token=" + token, Map.of())) {
            assertThat(stream.status()).isEqualTo(200);
            List<Frame> replayed = stream.events(1, Duration.ofSeconds(5));
            assertThat(ids(replayed)).containsExactly(second);
            String third = track(b, campaign, "conversion");
            assertThat(ids(stream.events(1, Duration.ofSeconds(5)))).containsExactly(third);
        }
    }

    @Test
    void aHeartbeatCommentArrivesAtTheConfiguredInterval() throws Exception {
        ApiServer quick = ApiServer.start(db, HttpSettings.defaults().withStreamHeartbeat(Duration.ofMillis(200)));
        try (SseConnection stream = SseConnection.open(quick.base() + STREAM,
                Map.of("Authorization", "Bearer " + ApiServer.superAdmin()))) {
            long start = System.nanoTime();
            Frame one = stream.next(Duration.ofSeconds(2));
            Frame two = stream.next(Duration.ofSeconds(2));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(one).isEqualTo(new Frame(null, null, null, "heartbeat"));
            assertThat(two).isEqualTo(new Frame(null, null, null, "heartbeat"));
            assertThat(took).isBetween(Duration.ofMillis(300), Duration.ofMillis(1500));
        } finally {
            quick.close();
        }
    }

    /**
     * A client that never reads: 10,000 events of about 2 KB are tracked for its campaign, far more than its buffer
     * and the sockets hold. Tracking stays quick, a client of another campaign on the same server keeps getting its
     * events within a second, and the server drops the slow client before it reads a byte.
     */
    @Test
    void aClientThatNeverReadsSlowsNothingAndIsDropped() throws Exception {
        ApiServer server = ApiServer.start(db);
        UUID busy = campaign;
        UUID quiet = server.campaign("Quiet");
        try (Socket slow = neverReadingClient(server, busy);
             SseConnection watcher = SseConnection.open(server.base() + STREAM + "?campaign_id=" + quiet,
                     Map.of("Authorization", "Bearer " + ApiServer.superAdmin()))) {
            awaitFollowers(server, 2);
            String padding = "x".repeat(2_000);
            Duration slowestBatch = Duration.ZERO;
            Duration slowestWatch = Duration.ZERO;
            for (int batch = 0; batch < 50; batch++) {
                long start = System.nanoTime();
                Reply reply = server.post("/v1/marketing/track-events").json(batchOf(busy, 200, padding)).send();
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(reply.status()).isEqualTo(200);
                assertThat(reply.data().get("accepted").asInt()).isEqualTo(200);
                slowestBatch = took.compareTo(slowestBatch) > 0 ? took : slowestBatch;
                if (batch % 10 == 9) {
                    long sent = System.nanoTime();
                    String id = track(server, quiet, "click");
                    assertThat(ids(watcher.events(1, Duration.ofSeconds(5)))).containsExactly(id);
                    Duration delivered = Duration.ofNanos(System.nanoTime() - sent);
                    slowestWatch = delivered.compareTo(slowestWatch) > 0 ? delivered : slowestWatch;
                }
            }

            assertThat(slowestBatch).as("the slowest batch of 200 events").isLessThan(Duration.ofSeconds(3));
            assertThat(slowestWatch).as("the slowest delivery to the other client").isLessThan(Duration.ofSeconds(1));
            assertThat(server.liveFeedFollowers()).as("only the watcher still follows").isEqualTo(1);
            List<Long> got = readUntilClosed(slow, Duration.ofSeconds(10));
            assertThat(got).as("the slow client got a part, then the server hung up")
                    .isNotEmpty().hasSizeLessThan(10_000).isSorted();
        } finally {
            server.close();
        }
    }

    @Test
    void streamRequestsAreCheckedBeforeTheStreamStarts() {
        assertThat(streamCall(a, "?campaign_id=" + UUID.randomUUID()).asSuperAdmin().send().status()).isEqualTo(404);
        Reply badId = streamCall(a, "").asSuperAdmin().header("Last-Event-ID", "abc").send();
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.errorFields()).containsExactly("Last-Event-ID");
        Reply badParam = streamCall(a, "?last_event_id=-3").asSuperAdmin().send();
        assertThat(badParam.status()).isEqualTo(400);
        assertThat(badParam.errorFields()).containsExactly("last_event_id");
        Reply beyond = streamCall(a, "").asSuperAdmin().header("Last-Event-ID", "9000000000000").send();
        assertThat(beyond.status()).isEqualTo(400);
        assertThat(beyond.errorFields()).containsExactly("last_event_id");
        Reply anonymous = streamCall(a, "").send();
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().get("success").asBoolean()).isFalse();
        assertThat(streamCall(a, "").bearer(ApiServer.token(Permissions.MARKETING_ADMIN, Permissions.CAMPAIGNS_READ))
                .send().status()).isEqualTo(403);
    }

    // ---- helpers ----

    private static ApiServer api() {
        return a.api();
    }

    private static ApiServer.Call streamCall(Instance server, String query) {
        return server.api().get(STREAM + query).header("Accept", "text/event-stream");
    }

    private static SseConnection open(Instance server, String query, Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Authorization", "Bearer " + ApiServer.superAdmin());
        return SseConnection.open(server.api().base() + STREAM + query, all);
    }

    /** Tracks one event through the server's public route; returns its server id. */
    private static String track(Instance server, UUID campaign, String type) {
        return track(server.api(), campaign, type);
    }

    private static String track(ApiServer server, UUID campaign, String type) {
        ObjectNode e = JSON.createObjectNode();
        e.put("campaign_id", campaign.toString());
        e.put("event_type", type);
        Reply reply = server.post("/v1/marketing/track-event").json(e.toString()).send();
        assertThat(reply.status()).as(reply.toString()).isIn(200, 201);
        return reply.data().get("event_id").asText();
    }

    private Void trackMany(Instance server, int count) {
        for (int i = 0; i < count; i++) {
            track(server, campaign, i % 2 == 0 ? "view" : "click");
        }
        return null;
    }

    private static String batchOf(UUID campaign, int count, String padding) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode events = body.putArray("events");
        for (int i = 0; i < count; i++) {
            ObjectNode e = events.addObject();
            e.put("campaign_id", campaign.toString());
            e.put("event_type", "impression");
            e.putObject("event_data").put("padding", padding);
        }
        return body.toString();
    }

    private static long position(String eventId) {
        return ((Number) api().one("SELECT seq FROM campaign_analytics WHERE id = ?", UUID.fromString(eventId)))
                .longValue();
    }

    private static List<String> ids(List<Frame> frames) throws IOException {
        List<String> ids = new ArrayList<>();
        for (Frame f : frames) {
            ids.add(JSON.readTree(f.data()).get("id").asText());
        }
        return ids;
    }

    /** Opens a stream with a tiny receive buffer and never reads from it. */
    private static Socket neverReadingClient(ApiServer server, UUID campaign) throws Exception {
        URI base = URI.create(server.base());
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4 * 1024);
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        OutputStream out = socket.getOutputStream();
        // HTTP/1.0, so that the body comes unchunked, as plain SSE text up to the close.
        out.write(("GET " + STREAM + "?campaign_id=" + campaign + " HTTP/1.0\r\n"
                + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Accept: text/event-stream\r\n"
                + "Authorization: Bearer " + ApiServer.superAdmin() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        awaitFollowers(server, 1);
        return socket;
    }

    private static void awaitFollowers(ApiServer server, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.liveFeedFollowers() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.liveFeedFollowers()).isEqualTo(count);
    }

    /** Reads what the socket still holds until the server closes it; the positions of the events in it. */
    private static List<Long> readUntilClosed(Socket socket, Duration within) throws IOException {
        socket.setSoTimeout(1_000);
        InputStream in = socket.getInputStream();
        StringBuilder text = new StringBuilder();
        byte[] chunk = new byte[64 * 1024];
        long deadline = System.nanoTime() + within.toNanos();
        boolean closed = false;
        while (System.nanoTime() < deadline) {
            int n;
            try {
                n = in.read(chunk);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                closed = true;
                break;
            }
            if (n < 0) {
                closed = true;
                break;
            }
            text.append(new String(chunk, 0, n, StandardCharsets.ISO_8859_1));
        }
        assertThat(closed).as("the server closed the slow client's connection").isTrue();
        List<Long> positions = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^id: (\\d+)\n").matcher(text);
        while (m.find()) {
            positions.add(Long.parseLong(m.group(1)));
        }
        return positions;
    }
}
