package dev.campaignanalytics.app.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaignanalytics.app.AppConfig;
import dev.campaignanalytics.app.Application;
import dev.campaignanalytics.postgres.testing.RestartablePostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #9, point 1: the database dies in immediate mode in the middle of a 50,000-event load and comes back. While it
 * is away, tracking answers 503 with Retry-After (never a 2xx for what is not stored, never a 500); once it is back,
 * the server recovers by itself within 5 s (pool, group-commit writer, live feed listener, readiness); in the end
 * every acknowledged event is stored exactly once and the reports count each once.
 */
class DatabaseOutageDuringIngestTest {
    private static final String SECRET = "outage-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
    private static final int EVENTS = 50_000;
    /** The database dies once this many events have been acknowledged. */
    private static final int ACKNOWLEDGED_BEFORE_OUTAGE = 15_000;
    private static final Duration RECOVERY_PROMISE = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void anImmediateDatabaseStopMidLoadLosesAndDuplicatesNothingAndTheServerRecoversWithinFiveSeconds()
            throws Exception {
        try (RestartablePostgres pg = RestartablePostgres.start(dataDir.resolve("pg"));
             Application app = Application.start(AppConfig.fromEnvironment(Map.of(
                     "ANALYTICS_DB_URL", pg.jdbcUrl(),
                     "ANALYTICS_DB_USER", pg.user(),
                     "ANALYTICS_DB_PASSWORD", pg.password(),
                     "ANALYTICS_HTTP_HOST", "127.0.0.1",
                     "ANALYTICS_RATE_LIMIT", "0", // one address sends the whole load
                     "ANALYTICS_HTTP_PORT", "0",
                     "ANALYTICS_JWT_SECRET", SECRET,
                     "ANALYTICS_DATA_DIR", dataDir.resolve("app").toString())), Clock.systemUTC())) {
            ServerClient server = new ServerClient(app::port, SECRET);
            List<UUID> campaigns = List.of(server.createCampaign("Outage A"), server.createCampaign("Outage B"));
            UUID watched = server.createCampaign("Watched live");
            Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            IngestLoad load = new IngestLoad(app::port, campaigns, at, EVENTS, 500, 4, 1_000, 2);
            LiveFeedWatch feed = LiveFeedWatch.open(server, watched);

            long started = System.nanoTime();
            load.start();
            assertThat(load.awaitAcknowledged(ACKNOWLEDGED_BEFORE_OUTAGE, Duration.ofSeconds(60)))
                    .as("acknowledged before the outage; violations: %s", load.violations()).isTrue();
            phase("load before the outage", started);
            pg.stopImmediately();

            // While the database is away: the load meets 503s, readiness says DOWN, and a fresh request is a 503.
            assertThat(load.awaitFailedAttempts(10, Duration.ofSeconds(30)))
                    .as("503s while the database is away; violations: %s", load.violations()).isTrue();
            assertThat(server.readiness()).isEqualTo(503);
            HttpResponse<String> whileDown = server.trackOnce(watched, "while-down", "view");
            assertThat(whileDown.statusCode()).as(whileDown.body()).isEqualTo(503);
            assertThat(whileDown.headers().firstValue("Retry-After")).isPresent();
            long acknowledgedWhileDown = load.acknowledgedCount();

            phase("database away", started);
            pg.startAgain();
            long back = System.nanoTime();
            String probeId = trackUntilAcknowledged(server, watched, "probe-after-restart");
            Duration tracking = Duration.ofNanos(System.nanoTime() - back);
            while (server.readiness() != 200) {
                assertThat(Duration.ofNanos(System.nanoTime() - back)).isLessThan(Duration.ofSeconds(30));
                TimeUnit.MILLISECONDS.sleep(20);
            }
            Duration readiness = Duration.ofNanos(System.nanoTime() - back);
            assertThat(feed.awaitLineContaining(probeId, Duration.ofSeconds(30))).as("the live feed delivers again")
                    .isTrue();
            Duration liveFeed = Duration.ofNanos(System.nanoTime() - back);
            System.out.printf("recovery after the database came back: tracking %d ms, readiness %d ms, "
                    + "live feed %d ms%n", tracking.toMillis(), readiness.toMillis(), liveFeed.toMillis());

            assertThat(load.await(Duration.ofSeconds(120))).as("the load finished").isTrue();
            feed.close();
            phase("load done", started);
            System.out.printf("load: %d acknowledged, %d acknowledged during the outage, %d answers 503, "
                    + "%d requests without answer, %d duplicates on retries of unknown outcomes%n",
                    load.acknowledgedCount(), acknowledgedWhileDown - ACKNOWLEDGED_BEFORE_OUTAGE,
                    load.unavailableAnswers(), load.requestsWithoutAnswer(), load.duplicatesAfterUnknownOutcome());
            assertThat(load.violations()).isEmpty();
            assertThat(load.unavailableAnswers()).as("503s seen during the outage").isPositive();
            assertThat(load.acknowledgedCount()).isEqualTo(EVENTS);

            Map<String, List<String>> stored = ServerClient.storedByClientId(pg.jdbcUrl(), pg.user(), pg.password(),
                    campaigns);
            assertThat(load.problemsWith(stored)).isEmpty();
            assertThat(stored).hasSize(EVENTS);
            for (UUID campaign : campaigns) {
                assertThat(server.reportedTotals(campaign, at)).as("report of %s", campaign)
                        .isEqualTo(load.expectedCounts(campaign));
            }
            // Checked last, so that lost or doubled events, the graver failure, are told first.
            assertThat(tracking).as("tracking acknowledges again").isLessThanOrEqualTo(RECOVERY_PROMISE);
            assertThat(readiness).as("readiness is UP again").isLessThanOrEqualTo(RECOVERY_PROMISE);
            assertThat(liveFeed).as("the live feed delivers again").isLessThanOrEqualTo(RECOVERY_PROMISE);
        }
    }

    /** The server id of the event, sent until it is acknowledged (with the same event id each time). */
    private static String trackUntilAcknowledged(ServerClient server, UUID campaign, String eventId)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            HttpResponse<String> reply;
            try {
                reply = server.trackOnce(campaign, eventId, "click");
            } catch (IOException e) {
                reply = null;
            }
            if (reply != null && reply.statusCode() == 200) {
                return JSON.readTree(reply.body())
                        .get("data").get("event_id").asText();
            }
            assertThat(reply == null ? 503 : reply.statusCode()).as(reply == null ? "no answer" : reply.body())
                    .isEqualTo(503);
            assertThat(System.nanoTime()).as("acknowledged in time").isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** A live feed stream of one campaign, read line by line on a thread of its own. */
    static final class LiveFeedWatch implements AutoCloseable {
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final InputStream body;

        private LiveFeedWatch(InputStream body) {
            this.body = body;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // closed
                }
            }, "live-feed-watch");
            reader.setDaemon(true);
            reader.start();
        }

        static LiveFeedWatch open(ServerClient server, UUID campaign) throws Exception {
            HttpResponse<InputStream> response = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1).build()
                    .send(HttpRequest.newBuilder(server.uri("/v1/marketing/admin/analytics/stream?campaign_id="
                                    + campaign))
                            .header("Accept", "text/event-stream")
                            .header("Authorization", "Bearer " + server.token()).GET().build(),
                            HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            return new LiveFeedWatch(response.body());
        }

        boolean awaitLineContaining(String text, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (lines.stream().noneMatch(l -> l.contains(text))) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                TimeUnit.MILLISECONDS.sleep(10);
            }
            return true;
        }

        @Override
        public void close() throws Exception {
            CompletableFuture.runAsync(() -> {
                try {
                    body.close();
                } catch (IOException ignored) {
                    // nothing to free
                }
            }).get(5, TimeUnit.SECONDS);
        }
    }

    private static void phase(String what, long since) {
        System.out.printf("%s after %d ms%n", what, (System.nanoTime() - since) / 1_000_000);
    }
}
