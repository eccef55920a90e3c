package dev.campaignanalytics.app.ops;

import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsEndpointTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    private static final String TOKEN = "scraper-token-0123456789abcdef-0123456789";

    private static String event(String campaign, String type, String eventId) {
        return "{\"campaign_id\":\"" + campaign + "\",\"event_type\":\"" + type + "\""
                + (eventId == null ? "" : ",\"event_id\":\"" + eventId + "\"") + "}";
    }

    @Test
    void countsEventsByEndpointAndOutcomeAfterKnownTraffic() {
        try (RunningServer server = RunningServer.start(db, "ANALYTICS_METRICS", "public")) {
            String c = server.campaign("Metered");
            // track-events: 3 new, 1 repeating an event_id of the batch, 2 breaking rules
            HttpResponse<String> batch = server.postJson("/v1/marketing/track-events", "{\"events\":["
                    + event(c, "view", "a") + "," + event(c, "click", "b") + "," + event(c, "view", null) + ","
                    + event(c, "view", "a") + "," + event(c, "purchase", null) + ","
                    + "{\"event_type\":\"view\"}]}");
            assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
            assertThat(RunningServer.json(batch.body()).get("data").get("accepted").asLong()).isEqualTo(3);
            // track-event: 1 new, 1 replay, 1 unknown campaign
            assertThat(server.postJson("/v1/marketing/track-event", event(c, "click", "one")).statusCode())
                    .isEqualTo(200);
            assertThat(server.postJson("/v1/marketing/track-event", event(c, "click", "one")).statusCode())
                    .isEqualTo(200);
            assertThat(server.postJson("/v1/marketing/track-event",
                    event(UUID.randomUUID().toString(), "click", null)).statusCode()).isEqualTo(404);

            Scrape metrics = new Scrape(server.get("/metrics").body());

            assertThat(metrics.value("analytics_events_total", "endpoint", "track-events", "outcome", "accepted"))
                    .isEqualTo(3.0);
            assertThat(metrics.value("analytics_events_total", "endpoint", "track-events", "outcome", "duplicate"))
                    .isEqualTo(1.0);
            assertThat(metrics.value("analytics_events_total", "endpoint", "track-events", "outcome", "rejected"))
                    .isEqualTo(2.0);
            assertThat(metrics.value("analytics_events_total", "endpoint", "track-event", "outcome", "accepted"))
                    .isEqualTo(1.0);
            assertThat(metrics.value("analytics_events_total", "endpoint", "track-event", "outcome", "duplicate"))
                    .isEqualTo(1.0);
            assertThat(metrics.value("analytics_events_total", "endpoint", "track-event", "outcome", "rejected"))
                    .isEqualTo(1.0);
            assertThat(metrics.value("analytics_events_total", "endpoint", "import", "outcome", "accepted"))
                    .isZero();
        }
    }

    @Test
    void countsImportedEventsAsTheImportEndpoint() {
        try (RunningServer server = RunningServer.start(db, "ANALYTICS_METRICS", "public")) {
            String c = server.campaign("Imported");
            String ndjson = event(c, "view", "i1") + "\n" + event(c, "view", "i1") + "\nnot json\n"
                    + event(c, "click", "i2") + "\n";
            HttpResponse<String> imported = server.send(server.request("/v1/marketing/admin/events/import")
                    .header("Authorization", "Bearer " + server.app.localAdminToken())
                    .header("Content-Type", "application/x-ndjson")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(ndjson)));
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);

            Scrape metrics = new Scrape(server.get("/metrics").body());

            assertThat(metrics.value("analytics_events_total", "endpoint", "import", "outcome", "accepted"))
                    .isEqualTo(2.0);
            assertThat(metrics.value("analytics_events_total", "endpoint", "import", "outcome", "duplicate"))
                    .isEqualTo(1.0);
            assertThat(metrics.value("analytics_events_total", "endpoint", "import", "outcome", "rejected"))
                    .isEqualTo(1.0);
        }
    }

    @Test
    void timesRequestsByRouteTemplateAndStatusNeverByRawPath() {
        try (RunningServer server = RunningServer.start(db, "ANALYTICS_METRICS", "public")) {
            String c = server.campaign("Timed");
            String admin = "Bearer " + server.app.localAdminToken();
            for (int i = 0; i < 2; i++) {
                assertThat(server.send(server.request("/v1/marketing/admin/campaigns/" + c)
                        .header("Authorization", admin).GET()).statusCode()).isEqualTo(200);
            }
            assertThat(server.send(server.request("/v1/marketing/admin/campaigns/" + UUID.randomUUID())
                    .header("Authorization", admin).GET()).statusCode()).isEqualTo(404);
            assertThat(server.get("/v1/marketing/no-such-route/" + c).statusCode()).isEqualTo(404);

            Scrape metrics = new Scrape(server.get("/metrics").body());

            String route = "/v1/marketing/admin/campaigns/{id}";
            assertThat(metrics.value("http_server_requests_seconds_count",
                    "method", "GET", "route", route, "status", "200")).isEqualTo(2.0);
            assertThat(metrics.value("http_server_requests_seconds_count",
                    "method", "GET", "route", route, "status", "404")).isEqualTo(1.0);
            assertThat(metrics.value("http_server_requests_seconds_count",
                    "method", "POST", "route", "/v1/marketing/admin/campaigns", "status", "201")).isEqualTo(1.0);
            assertThat(metrics.value("http_server_requests_seconds_count",
                    "method", "GET", "route", "unmatched", "status", "404")).isEqualTo(1.0);
            // a latency histogram: cumulative buckets up to +Inf, which holds every request
            assertThat(metrics.find("http_server_requests_seconds_bucket",
                    "route", route, "status", "200")).hasSizeGreaterThan(5);
            assertThat(metrics.value("http_server_requests_seconds_bucket",
                    "route", route, "status", "200", "le", "+Inf")).isEqualTo(2.0);
            assertThat(metrics.text).doesNotContain(c);
        }
    }

    @Test
    void showsPoolJvmCommitAndFeedMeters() {
        try (RunningServer server = RunningServer.start(db, "ANALYTICS_METRICS", "public")) {
            String c = server.campaign("Pooled");
            server.postJson("/v1/marketing/track-events", "{\"events\":[" + event(c, "view", null) + ","
                    + event(c, "view", null) + "," + event(c, "click", null) + "]}");
            server.postJson("/v1/marketing/track-event", event(c, "view", null));

            Scrape metrics = new Scrape(server.get("/metrics").body());

            String pool = "campaign-analytics-postgres";
            assertThat(metrics.value("hikaricp_connections_max", "pool", pool)).isEqualTo(10.0);
            assertThat(metrics.find("hikaricp_connections_active", "pool", pool)).hasSize(1);
            assertThat(metrics.find("hikaricp_connections_acquire_seconds_count", "pool", pool)).hasSize(1);
            // one append of 3 events, one of 1
            assertThat(metrics.value("analytics_group_commit_batch_size_events_count")).isEqualTo(2.0);
            assertThat(metrics.value("analytics_group_commit_batch_size_events_sum")).isEqualTo(4.0);
            assertThat(metrics.value("analytics_group_commit_wait_seconds_count")).isEqualTo(2.0);
            assertThat(metrics.value("analytics_group_commit_wait_seconds_sum")).isPositive();
            assertThat(metrics.value("analytics_feed_subscribers")).isZero();
            assertThat(metrics.find("jvm_memory_used_bytes")).isNotEmpty();
            assertThat(metrics.value("jvm_threads_live_threads")).isPositive();
            assertThat(metrics.value("jvm_classes_loaded_classes")).isPositive();
            assertThat(metrics.value("system_cpu_count")).isPositive();
            assertThat(metrics.value("process_uptime_seconds")).isPositive();
            assertThat(metrics.text).contains("# TYPE jvm_gc_memory_allocated_bytes_total counter");
        }
    }

    @Test
    void theFeedReportsItsSubscribersThroughTheHook() {
        try (RunningServer server = RunningServer.start(db, "ANALYTICS_METRICS", "public")) {
            server.app.metrics().feedSubscribers(() -> 7);

            assertThat(new Scrape(server.get("/metrics").body()).value("analytics_feed_subscribers")).isEqualTo(7.0);
        }
    }

    @Test
    void publicMetricsNeedNoTokenAndSpeakThePrometheusTextFormat() {
        try (RunningServer server = RunningServer.start(db, "ANALYTICS_METRICS", "public")) {
            HttpResponse<String> reply = server.get("/metrics");

            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(reply.headers().firstValue("Content-Type").orElseThrow())
                    .isEqualTo("text/plain; version=0.0.4; charset=utf-8");
            assertThat(reply.body()).contains("# HELP ", "# TYPE ");
        }
    }

    @Test
    void metricsThatAreOffDoNotExist() {
        try (RunningServer server = RunningServer.start(db, "ANALYTICS_METRICS", "off")) {
            HttpResponse<String> reply = server.get("/metrics");

            assertThat(reply.statusCode()).isEqualTo(404);
            assertThat(reply.body()).doesNotContain("jvm_");
        }
    }

    @Test
    void byDefaultMetricsNeedASuperAdminToken() {
        try (RunningServer server = RunningServer.start(db)) {
            HttpResponse<String> anonymous = server.get("/metrics");
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(anonymous.body()).doesNotContain("jvm_");

            HttpResponse<String> marketing = server.send(server.request("/metrics").header("Authorization",
                    "Bearer " + RunningServer.token("marketing_admin", "analytics.read", "analytics.export")).GET());
            assertThat(marketing.statusCode()).isEqualTo(403);
            assertThat(RunningServer.json(marketing.body()).get("message").asText()).contains("super_admin");

            HttpResponse<String> superAdmin = server.send(server.request("/metrics").header("Authorization",
                    "Bearer " + RunningServer.token("super_admin")).GET());
            assertThat(superAdmin.statusCode()).isEqualTo(200);
            assertThat(superAdmin.body()).contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void theStaticMetricsTokenOpensTheMetricsAndNothingElse() {
        try (RunningServer server = RunningServer.start(db, "ANALYTICS_METRICS", "token",
                "ANALYTICS_METRICS_TOKEN", TOKEN)) {
            HttpResponse<String> scraper = server.send(server.request("/metrics")
                    .header("Authorization", "Bearer " + TOKEN).GET());
            assertThat(scraper.statusCode()).isEqualTo(200);
            assertThat(scraper.body()).contains("jvm_memory_used_bytes");

            assertThat(server.send(server.request("/metrics")
                    .header("Authorization", "Bearer " + TOKEN.substring(1)).GET()).statusCode()).isEqualTo(401);
            assertThat(server.send(server.request("/metrics")
                    .header("Authorization", "Basic " + TOKEN).GET()).statusCode()).isEqualTo(401);
            assertThat(server.send(server.request("/metrics").header("Authorization",
                    "Bearer " + RunningServer.token("super_admin")).GET()).statusCode()).isEqualTo(200);
            assertThat(server.send(server.request("/v1/marketing/admin/campaigns")
                    .header("Authorization", "Bearer " + TOKEN).GET()).statusCode()).isEqualTo(401);
        }
    }
}
