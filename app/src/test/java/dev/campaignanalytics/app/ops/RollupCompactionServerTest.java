package dev.campaignanalytics.app.ops;

import dev.campaignanalytics.core.CampaignAnalytics;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.domain.TrackedEvent;
import dev.campaignanalytics.core.port.in.ManageCampaignsUseCase.CreateCampaignCommand;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.Source;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.TrackCommand;
import dev.campaignanalytics.export.ExportFormats;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's rollup compactor as an operator meets it: it starts with the server, not with the first event; its
 * settings come from the environment; {@code /metrics} shows the delta rows waiting and the rows it compacted.
 */
class RollupCompactionServerTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    private static final Instant HISTORY = Instant.parse("2025-03-10T00:00:00Z");

    @Test
    void aServerStartedOnDeltasLeftByAnEarlierRunCompactsThemWithoutAnyNewEvent() throws Exception {
        // The earlier run: 40 events in 40 different 15-minute slots, stored with their deltas and stopped before
        // compacting them (the test database's adapters compact only on request).
        try (CampaignAnalytics earlier = CampaignAnalytics.builder(db.adapters(), ExportFormats.standard()).build()) {
            CampaignId campaign = earlier.campaigns().create(new CreateCampaignCommand("Imported", null, true)).id();
            List<TrackedEvent> events = IntStream.range(0, 40)
                    .mapToObj(i -> TrackedEvent.of(campaign, EventType.VIEW, HISTORY.plusSeconds(900L * i)))
                    .toList();
            earlier.tracking().track(new TrackCommand(events, Source.IMPORT));
        }
        assertThat(count("SELECT count(*) FROM campaign_rollup_delta")).isEqualTo(40);

        try (RunningServer server = RunningServer.start(db, "ANALYTICS_METRICS", "public",
                "ANALYTICS_ROLLUP_COMPACTION_INTERVAL", "100ms")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && count("SELECT count(*) FROM campaign_rollup_delta") > 0) {
                Thread.sleep(50);
            }

            assertThat(count("SELECT count(*) FROM campaign_rollup_delta")).as("delta rows").isZero();
            assertThat(count("SELECT coalesce(sum(views), 0) FROM campaign_rollup_total")).isEqualTo(40);
            Scrape metrics = new Scrape(server.get("/metrics").body());
            assertThat(metrics.value("analytics_rollup_backlog_rows")).isZero();
            assertThat(metrics.value("analytics_rollup_compacted_rows_total")).isEqualTo(40.0);
        }
    }

    @Test
    void withBackgroundCompactionOffTheServerLeavesTheDeltasAndShowsThemAsTheExactBacklog() throws Exception {
        try (RunningServer server = RunningServer.start(db, "ANALYTICS_METRICS", "public",
                "ANALYTICS_ROLLUP_COMPACTION_BACKGROUND", "false", "ANALYTICS_ROLLUP_COMPACTION_INTERVAL", "100ms")) {
            String c = server.campaign("Compacted elsewhere");
            // three events, three keys (the channel differs): three delta rows
            HttpResponse<String> tracked = server.postJson("/v1/marketing/track-events", "{\"events\":["
                    + event(c, "email") + "," + event(c, "social") + "," + event(c, "search") + "]}");
            assertThat(tracked.statusCode()).as(tracked.body()).isEqualTo(200);
            // five intervals, in which a background compactor would have moved them
            Thread.sleep(500);

            Scrape metrics = new Scrape(server.get("/metrics").body());

            assertThat(count("SELECT count(*) FROM campaign_rollup_delta")).isEqualTo(3);
            assertThat(metrics.value("analytics_rollup_backlog_rows")).isEqualTo(3.0);
            assertThat(metrics.value("analytics_rollup_compacted_rows_total")).isZero();
            assertThat(metrics.text).contains("# TYPE analytics_rollup_backlog_rows gauge",
                    "# TYPE analytics_rollup_compacted_rows_total counter");
        }
    }

    private static String event(String campaign, String channel) {
        return "{\"campaign_id\":\"" + campaign + "\",\"event_type\":\"view\",\"channel\":\"" + channel + "\"}";
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
