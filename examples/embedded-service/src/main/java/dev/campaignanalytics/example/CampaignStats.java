package dev.campaignanalytics.example;

import dev.campaignanalytics.core.CampaignAnalytics;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.DimensionFilter;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.domain.ExportFormat;
import dev.campaignanalytics.core.domain.Granularity;
import dev.campaignanalytics.core.domain.Summary;
import dev.campaignanalytics.core.domain.TrackedEvent;
import dev.campaignanalytics.core.port.in.ExportUseCase.ExportQuery;
import dev.campaignanalytics.core.port.in.ManageCampaignsUseCase.CreateCampaignCommand;
import dev.campaignanalytics.core.port.in.RangeSpec;
import dev.campaignanalytics.core.port.in.ReportQuery;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.Source;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.TrackCommand;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.TrackResult;
import dev.campaignanalytics.export.ExportFormats;
import dev.campaignanalytics.postgres.PostgresAdapters;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A sample JVM service that embeds campaign analytics on its own {@link DataSource}: it launches campaigns, tracks
 * their events and reads reports and exports in-process, with no HTTP. Only the library's public API is used
 * (checked by {@code PublicApiOnlyTest}); the README's "Embedding" section quotes the marked regions.
 */
public final class CampaignStats implements AutoCloseable {
    private final PostgresAdapters storage;
    private final CampaignAnalytics analytics;

    /** The service on a database it owns: the schema is created or brought up to date here. */
    public CampaignStats(DataSource dataSource, Clock clock) {
        // region wiring
        storage = PostgresAdapters.create(dataSource);
        storage.migrate(); // or storage.requireMigrated() when a deployment step migrates
        analytics = CampaignAnalytics.builder(storage, ExportFormats.standard())
                .clock(clock)
                .build();
        // endregion wiring
    }

    /** Creates an active campaign and answers its id. */
    public CampaignId launch(String name) {
        // region launch
        return analytics.campaigns().create(new CreateCampaignCommand(name, null, true)).id();
        // endregion launch
    }

    /** Tracks {@code count} events of one type that happened at {@code at}. */
    public TrackResult track(CampaignId campaign, EventType type, Instant at, int count) {
        // region track
        List<TrackedEvent> events = IntStream.range(0, count)
                .mapToObj(i -> TrackedEvent.of(campaign, type, at))
                .toList();
        return analytics.tracking().track(new TrackCommand(events, Source.LIVE)); // each Accepted or Rejected
        // endregion track
    }

    /** The totals of a campaign over the days {@code start} to {@code end}, both included, in UTC. */
    public Summary summary(CampaignId campaign, LocalDate start, LocalDate end) {
        // region report
        ReportQuery days = new ReportQuery(new RangeSpec.Explicit(start, end), ZoneId.of("UTC"),
                Granularity.DAY, DimensionFilter.NONE);
        Summary summary = analytics.reports().summary(campaign, days);
        // summary.counts().clicks(), summary.clickThroughRate().percent() (clicks / views, HALF_UP 2 places),
        // summary.clickThroughRateInterval() (95 % Wilson interval) ...
        // endregion report
        return summary;
    }

    /**
     * Writes the daily counts and rates of a campaign over {@code start} to {@code end} (both included, in UTC) as
     * CSV to {@code out}, which stays open.
     *
     * @return how many data rows were written
     */
    public long exportDaily(CampaignId campaign, LocalDate start, LocalDate end, OutputStream out)
            throws IOException {
        // region export
        ReportQuery days = new ReportQuery(new RangeSpec.Explicit(start, end), ZoneId.of("UTC"),
                Granularity.DAY, DimensionFilter.NONE);
        return analytics.exports()
                .prepare(ExportQuery.daily(campaign, days, ExportFormat.CSV))
                .writeTo(out);
        // endregion export
    }

    /** Ends live feed streams, then commits queued events and stops the storage; the pool stays the caller's. */
    @Override
    public void close() {
        try {
            analytics.close();
        } finally {
            storage.close();
        }
    }
}
