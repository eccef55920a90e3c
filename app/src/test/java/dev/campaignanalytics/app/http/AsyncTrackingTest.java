package dev.campaignanalytics.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaignanalytics.core.CampaignAnalytics;
import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.port.in.ManageCampaignsUseCase.CreateCampaignCommand;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase;
import dev.campaignanalytics.core.port.out.EventStore;
import dev.campaignanalytics.core.port.out.StoreUnavailableException;
import dev.campaignanalytics.export.ExportFormats;
import dev.campaignanalytics.http.HttpApi;
import dev.campaignanalytics.http.HttpDependencies;
import dev.campaignanalytics.http.HttpOperations;
import dev.campaignanalytics.http.HttpSettings;
import dev.campaignanalytics.http.MetricsAccess;
import dev.campaignanalytics.http.auth.AccessControl;
import dev.campaignanalytics.http.auth.JwtSettings;
import dev.campaignanalytics.http.auth.JwtVerifier;
import dev.campaignanalytics.http.auth.Permissions;
import dev.campaignanalytics.http.auth.TokenMinter;
import dev.campaignanalytics.postgres.GroupCommit;
import dev.campaignanalytics.postgres.PostgresAdapters;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import io.javalin.Javalin;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.cumulative.CumulativeTimer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public tracking routes hand each request over to the group commit and release its request thread: while
 * commits wait, more tracking requests than the server has request threads are taken in and other routes are still
 * answered; each is answered only once its events are committed, and a group that fails answers 503.
 */
class AsyncTrackingTest {
    private static final String TRACK = "/v1/marketing/track-event";
    private static final String BATCH = "/v1/marketing/track-events";
    /** The server's whole pool: acceptor, selector and request threads. */
    private static final int SERVER_THREADS = 8;
    private static final String POOL = "test-http";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "async-tracking-test-secret-0123456789-abcdef";

    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The names of the threads that finished tracking requests (wrote the answer and observed it). */
    private final Set<String> answeringThreads = ConcurrentHashMap.newKeySet();
    private final MeterRegistry registry = new SimpleMeterRegistry() {
        @Override
        protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
            boolean tracking = id.getName().equals("http.server.requests")
                    && String.valueOf(id.getTag("route")).startsWith(TRACK);
            return new CumulativeTimer(id, clock, config, pauseDetector, getBaseTimeUnit(), false) {
                @Override
                protected void recordNonNegative(long amount, TimeUnit unit) {
                    if (tracking) {
                        answeringThreads.add(Thread.currentThread().getName());
                    }
                    super.recordNonNegative(amount, unit);
                }
            };
        }
    };
    private PostgresAdapters adapters;
    private CampaignAnalytics analytics;
    private Javalin server;
    private QueuedThreadPool pool;
    /** Opens the commits of a store made by {@link #heldUntilReleased}; opened after each test in any case. */
    private final CountDownLatch release = new CountDownLatch(1);

    /**
     * The real API on the real database, with a pool of {@value #SERVER_THREADS} threads, whose group commits go
     * through {@code groupStore} (the store that commits one group), and whose tracking use case is seen through
     * {@code tracking}.
     */
    private void start(UnaryOperator<EventStore> groupStore, UnaryOperator<TrackEventsUseCase> tracking) {
        adapters = PostgresAdapters.create(db.dataSource(), GroupCommit.DEFAULT, groupStore);
        analytics = CampaignAnalytics.builder(adapters, ExportFormats.standard()).build();
        AccessControl access = new AccessControl(JwtVerifier.create(JwtSettings.ofSecret(SECRET)));
        HttpDependencies deps = new HttpDependencies(analytics.campaigns(), tracking.apply(analytics.tracking()),
                analytics.reports(), analytics.liveFeed(), adapters::isDatabaseReachable, access, Clock.systemUTC(),
                analytics.exports());
        HttpOperations ops = new HttpOperations(registry, MetricsAccess.off(), () -> true, () -> false,
                Duration.ofSeconds(5));
        server = HttpApi.create(deps, HttpSettings.defaults(), ops);
        pool = new QueuedThreadPool(SERVER_THREADS, SERVER_THREADS);
        pool.setName(POOL);
        server.unsafe.jetty.threadPool = pool;
        server.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop();
        }
        if (analytics != null) {
            analytics.close();
        }
        if (adapters != null) {
            adapters.close();
        }
    }

    /** A store whose commits wait until {@link #release} opens. */
    private EventStore heldUntilReleased(EventStore store) {
        return events -> {
            try {
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new AssertionError("the commit was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreUnavailableException("interrupted", e);
            }
            return store.append(events);
        };
    }

    private UUID campaign() {
        Campaign c = analytics.campaigns().create(new CreateCampaignCommand("Async", null, null));
        return c.id().value();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private CompletableFuture<HttpResponse<String>> post(String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String event(UUID campaign, String type) {
        return "{\"campaign_id\":\"" + campaign + "\",\"event_type\":\"" + type + "\"}";
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private long requestsAnswered(String route, int status) {
        Timer timer = registry.find("http.server.requests").tag("route", route)
                .tag("status", Integer.toString(status)).timer();
        return timer == null ? 0 : timer.count();
    }

    private double eventsCounted(String endpoint, String outcome) {
        return registry.get("analytics.events").tag("endpoint", endpoint).tag("outcome", outcome).counter().count();
    }

    private static void awaitUntil(String what, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void whileCommitsAreHeldMoreTrackingRequestsThanRequestThreadsAreTakenInAndOtherRoutesStillAnswer()
            throws Exception {
        AtomicInteger handedOver = new AtomicInteger();
        start(this::heldUntilReleased, real -> new TrackEventsUseCase() {
            @Override
            public TrackResult track(TrackCommand command) {
                handedOver.incrementAndGet();
                return real.track(command);
            }

            @Override
            public CompletionStage<TrackResult> trackAsync(TrackCommand command) {
                CompletionStage<TrackResult> pending = real.trackAsync(command);
                handedOver.incrementAndGet();
                return pending;
            }
        });
        UUID campaign = campaign();
        int singles = 4 * SERVER_THREADS;
        int batches = SERVER_THREADS;
        assertThat(singles + batches).isGreaterThan(pool.getMaxThreads());

        List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
        for (int i = 0; i < singles; i++) {
            replies.add(post(TRACK, event(campaign, "view")));
        }
        for (int i = 0; i < batches; i++) {
            replies.add(post(BATCH, "{\"events\":[" + event(campaign, "click") + "," + event(campaign, "conversion")
                    + "]}"));
        }

        // every request got as far as handing its events over, though no commit can finish
        awaitUntil("every tracking request is handed over", () -> handedOver.get() == singles + batches);
        HttpResponse<String> health = get("/health", null);
        HttpResponse<String> admin = get(HttpApi.API + "/admin/campaigns/" + campaign,
                TokenMinter.mint(SECRET, "tester", Permissions.SUPER_ADMIN,
                        List.of(), Duration.ofMinutes(5), null, null, Clock.systemUTC()));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(replies).as("nothing is acknowledged before its commit").noneMatch(CompletableFuture::isDone);
        assertThat(ApiServer.storedEvents(db, campaign)).isZero();

        release.countDown();
        Set<String> ids = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> reply : replies) {
            HttpResponse<String> response = reply.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode data = json(response).get("data");
            if (data.has("event_ids")) {
                data.get("event_ids").forEach(id -> ids.add(id.asText()));
            } else {
                ids.add(data.get("event_id").asText());
            }
        }
        assertThat(ids).hasSize(singles + 2 * batches);
        assertThat(ApiServer.storedEvents(db, campaign)).isEqualTo(singles + 2L * batches);
        assertThat(eventsCounted("track-event", "accepted")).isEqualTo(singles);
        assertThat(eventsCounted("track-events", "accepted")).isEqualTo(2.0 * batches);
        awaitUntil("every answer is observed", () -> requestsAnswered(TRACK, 200) == singles
                && requestsAnswered(BATCH, 200) == batches);
        assertThat(answeringThreads).as("answers are written by the server's pool, not by the group commit")
                .isNotEmpty().allMatch(name -> name.startsWith(POOL));
    }

    @Test
    void aGroupThatFailsAfterTheRequestThreadWasReleasedAnswers503WithRetryAfterAndTheErrorEnvelope()
            throws Exception {
        start(store -> heldUntilReleased(events -> {
            throw new StoreUnavailableException("the database went away", null);
        }), real -> real);
        UUID campaign = campaign();

        CompletableFuture<HttpResponse<String>> single = post(TRACK, event(campaign, "view"));
        CompletableFuture<HttpResponse<String>> batch = post(BATCH, "{\"events\":[" + event(campaign, "click")
                + "," + "{\"campaign_id\":\"" + campaign + "\",\"event_type\":\"nope\"}]}");
        Thread.sleep(200);
        assertThat(single).isNotDone();
        assertThat(batch).isNotDone();
        release.countDown();

        for (HttpResponse<String> response : List.of(single.get(60, TimeUnit.SECONDS),
                batch.get(60, TimeUnit.SECONDS))) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            JsonNode body = json(response);
            assertThat(body.get("success").asBoolean()).isFalse();
            assertThat(body.get("message").asText()).isEqualTo(
                    "The store is temporarily unavailable and the request had no effect; retry later");
            assertThat(body.get("errors").isArray()).isTrue();
            assertThat(body.get("errors")).isEmpty();
            assertThat(response.body()).doesNotContain("went away");
        }
        assertThat(ApiServer.storedEvents(db, campaign)).isZero();
        assertThat(eventsCounted("track-event", "accepted")).isZero();
        awaitUntil("the failures are observed with their final status",
                () -> requestsAnswered(TRACK, 503) == 1 && requestsAnswered(BATCH, 503) == 1);
        assertThat(requestsAnswered(TRACK, 200)).isZero();
        assertThat(answeringThreads).isNotEmpty().allMatch(name -> name.startsWith(POOL));
    }

    @Test
    void refusalsFoundBeforeTheCommitKeepTheirStatusAndBody() throws Exception {
        start(this::heldUntilReleased, real -> real);
        UUID campaign = campaign();

        HttpResponse<String> unknown = post(TRACK, event(UUID.randomUUID(), "view")).get(30, TimeUnit.SECONDS);
        HttpResponse<String> tooOld = post(TRACK, "{\"campaign_id\":\"" + campaign + "\",\"event_type\":\"view\","
                + "\"occurred_at\":\"2001-01-01T00:00:00Z\"}").get(30, TimeUnit.SECONDS);

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("success").asBoolean()).isFalse();
        assertThat(tooOld.statusCode()).isEqualTo(400);
        assertThat(json(tooOld).get("errors").get(0).get("field").asText()).isEqualTo("occurred_at");
        assertThat(eventsCounted("track-event", "rejected")).isEqualTo(2);
    }
}
