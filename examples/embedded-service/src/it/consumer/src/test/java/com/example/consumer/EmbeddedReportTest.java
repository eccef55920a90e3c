package com.example.consumer;

import dev.campaignanalytics.core.CampaignAnalytics;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.DimensionFilter;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.domain.ExportFormat;
import dev.campaignanalytics.core.domain.Granularity;
import dev.campaignanalytics.core.domain.Rate;
import dev.campaignanalytics.core.domain.Summary;
import dev.campaignanalytics.core.domain.TrackedEvent;
import dev.campaignanalytics.core.port.in.ExportUseCase.ExportQuery;
import dev.campaignanalytics.core.port.in.ManageCampaignsUseCase.CreateCampaignCommand;
import dev.campaignanalytics.core.port.in.RangeSpec;
import dev.campaignanalytics.core.port.in.ReportQuery;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.Source;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.TrackCommand;
import dev.campaignanalytics.export.ExportFormats;
import dev.campaignanalytics.postgres.PostgresAdapters;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Another team's service: the library from its installed artifacts, a report and an export, no HTTP. */
class EmbeddedReportTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    @Test
    void anEmbeddedReportCountsWhatWasTracked() throws Exception {
        Instant now = Instant.parse("2025-05-14T12:00:00Z");
        LocalDate day = LocalDate.of(2025, 5, 14);
        try (PostgresAdapters storage = PostgresAdapters.create(db.dataSource())) {
            storage.migrate();
            CampaignAnalytics analytics = CampaignAnalytics.builder(storage, ExportFormats.standard())
                    .clock(Clock.fixed(now, ZoneOffset.UTC))
                    .build();
            CampaignId campaign = analytics.campaigns().create(new CreateCampaignCommand("Consumer", null, true)).id();
            List<TrackedEvent> events = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                events.add(TrackedEvent.of(campaign, EventType.VIEW, now.minusSeconds(10)));
            }
            events.add(TrackedEvent.of(campaign, EventType.CLICK, now.minusSeconds(5)));
            analytics.tracking().track(new TrackCommand(events, Source.LIVE));

            ReportQuery query = new ReportQuery(new RangeSpec.Explicit(day, day), ZoneOffset.UTC, Granularity.DAY,
                    DimensionFilter.NONE);
            Summary summary = analytics.reports().summary(campaign, query);
            ByteArrayOutputStream csv = new ByteArrayOutputStream();
            long rows = analytics.exports().prepare(ExportQuery.daily(campaign, query, ExportFormat.CSV)).writeTo(csv);
            analytics.close();

            assertEquals(8, summary.counts().views());
            assertEquals(new BigDecimal("12.50"), summary.clickThroughRate().percent());
            assertEquals(1, rows);
            assertTrue(csv.toString(StandardCharsets.UTF_8).contains("2025-05-14"));
        }
    }

    @Test
    void theMetricMathsNeedsNoDatabase() {
        assertEquals(new BigDecimal("0.13"), Rate.of(1, 800).percent());
    }
}
