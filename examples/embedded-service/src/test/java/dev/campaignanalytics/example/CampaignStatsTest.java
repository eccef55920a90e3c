package dev.campaignanalytics.example;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.domain.Summary;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample service, as its own tests would run it: on a migrated PostgreSQL from the adapter's test-jar. */
class CampaignStatsTest {
    private static final Instant NOW = Instant.parse("2025-05-14T12:00:00Z");
    private static final LocalDate DAY = LocalDate.of(2025, 5, 14);

    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    private CampaignStats stats;

    @BeforeEach
    void start() {
        stats = new CampaignStats(db.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        stats.close();
    }

    @Test
    void trackedEventsShowInTheSummaryWithTheirRates() {
        CampaignId campaign = stats.launch("Spring sale");
        assertThat(stats.track(campaign, EventType.VIEW, NOW.minusSeconds(60), 800).accepted()).isEqualTo(800);
        assertThat(stats.track(campaign, EventType.CLICK, NOW.minusSeconds(30), 1).accepted()).isEqualTo(1);

        Summary summary = stats.summary(campaign, DAY, DAY);

        assertThat(summary.counts().views()).isEqualTo(800);
        assertThat(summary.counts().clicks()).isEqualTo(1);
        // 1 / 800 = 0.125 %, rounded half up
        assertThat(summary.clickThroughRate().percent()).isEqualByComparingTo(new BigDecimal("0.13"));
    }

    @Test
    void theDailyExportIsCsvWithOneRowPerDay() throws IOException {
        CampaignId campaign = stats.launch("Spring sale");
        stats.track(campaign, EventType.VIEW, NOW.minusSeconds(60), 4);
        stats.track(campaign, EventType.CLICK, NOW.minusSeconds(60), 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        long rows = stats.exportDaily(campaign, DAY.minusDays(1), DAY, out);

        String csv = out.toString(StandardCharsets.UTF_8);
        assertThat(rows).isEqualTo(2);
        assertThat(csv.lines().filter(l -> l.startsWith("2025-05-14")).findFirst().orElseThrow())
                .contains(",4,", ",1,", "25.00");
        assertThat(csv.lines().filter(l -> l.startsWith("2025-05-13")).findFirst()).isPresent();
    }
}
