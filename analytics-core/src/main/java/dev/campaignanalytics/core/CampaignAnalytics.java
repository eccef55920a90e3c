package dev.campaignanalytics.core;

import dev.campaignanalytics.core.domain.ReportLimits;
import dev.campaignanalytics.core.domain.TrackingPolicy;
import dev.campaignanalytics.core.internal.CampaignService;
import dev.campaignanalytics.core.internal.ExportService;
import dev.campaignanalytics.core.internal.LiveFeedService;
import dev.campaignanalytics.core.internal.ReportService;
import dev.campaignanalytics.core.internal.TrackingService;
import dev.campaignanalytics.core.port.in.CampaignReportUseCase;
import dev.campaignanalytics.core.port.in.ExportUseCase;
import dev.campaignanalytics.core.port.in.LiveFeedUseCase;
import dev.campaignanalytics.core.port.in.ManageCampaignsUseCase;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase;
import dev.campaignanalytics.core.port.out.AnalyticsStorage;
import dev.campaignanalytics.core.port.out.EventStore;
import dev.campaignanalytics.core.port.out.ReportWriters;

import java.time.Clock;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Campaign analytics in one object: the entry point for embedding the product in a JVM service, and the one way the
 * HTTP server is wired too.
 *
 * <p>Give it a storage (the outgoing ports, e.g. the PostgreSQL adapter's {@code PostgresAdapters} on the service's
 * {@code DataSource}) and the export file formats (e.g. the export adapter's {@code ExportFormats.standard()}); it
 * answers the use cases: {@link #campaigns()}, {@link #tracking()}, {@link #reports()}, {@link #exports()} and
 * {@link #liveFeed()}.
 *
 * <pre>{@code
 * PostgresAdapters storage = PostgresAdapters.create(dataSource);
 * storage.migrate();
 * CampaignAnalytics analytics = CampaignAnalytics.builder(storage, ExportFormats.standard()).build();
 * }</pre>
 *
 * <p>"Now" (what tracking accepts, and the report presets such as the last 7 days) comes from the {@link Clock},
 * the system clock in UTC unless {@link Builder#clock} says otherwise. It is safe for use by many threads at once.
 * {@link #close()} ends the live feed's streams; the storage is the caller's to close, afterwards.
 */
public final class CampaignAnalytics implements AutoCloseable {
    private final ManageCampaignsUseCase campaigns;
    private final TrackEventsUseCase tracking;
    private final CampaignReportUseCase reports;
    private final ExportUseCase exports;
    private final LiveFeedService liveFeed;

    private CampaignAnalytics(Builder b) {
        AnalyticsStorage storage = b.storage;
        EventStore events = Objects.requireNonNull(b.eventStoreDecorator.apply(storage.eventStore()),
                "the event store decorator returned null");
        this.campaigns = new CampaignService(storage.campaignCatalog(), b.clock);
        this.tracking = new TrackingService(storage.campaignCatalog(), events, b.clock, b.trackingPolicy);
        ReportService reportService = new ReportService(storage.campaignCatalog(), storage.reportStore(), b.clock,
                b.reportLimits);
        this.reports = reportService;
        this.exports = new ExportService(reportService, storage.campaignCatalog(), storage.rawEventSource(),
                b.reportWriters);
        this.liveFeed = new LiveFeedService(storage.campaignCatalog(), storage.eventFeed(), b.followerBuffer);
    }

    /**
     * Starts wiring the use cases on a storage.
     *
     * @param storage       where campaigns, events and counts live (the storage adapter, already migrated)
     * @param reportWriters the file formats that exports are written in
     * @return a builder with the defaults: the UTC system clock, {@link TrackingPolicy#DEFAULT},
     *         {@link ReportLimits#DEFAULT}, a live-feed buffer of 1,000 events per follower
     */
    public static Builder builder(AnalyticsStorage storage, ReportWriters reportWriters) {
        return new Builder(Objects.requireNonNull(storage, "storage"),
                Objects.requireNonNull(reportWriters, "reportWriters"));
    }

    /**
     * Creating, reading, changing and listing campaigns.
     *
     * @return the campaigns use case
     */
    public ManageCampaignsUseCase campaigns() {
        return campaigns;
    }

    /**
     * Tracking events (views, clicks, conversions) of a campaign, idempotently by the client's event id.
     *
     * @return the tracking use case
     */
    public TrackEventsUseCase tracking() {
        return tracking;
    }

    /**
     * Reports: summaries with rates and period change, time series, breakdowns by dimension, comparisons of
     * campaigns with significance.
     *
     * @return the reports use case
     */
    public CampaignReportUseCase reports() {
        return reports;
    }

    /**
     * Exports of a report or of the raw events, as CSV or XLSX, streamed to an output stream.
     *
     * @return the exports use case
     */
    public ExportUseCase exports() {
        return exports;
    }

    /**
     * The live feed: the recent events of a campaign, and following new ones as they are committed.
     *
     * @return the live feed use case
     */
    public LiveFeedUseCase liveFeed() {
        return liveFeed;
    }

    /**
     * How many follow the live feed right now, on this instance.
     *
     * @return the number of open follows
     */
    public int liveFeedFollowers() {
        return liveFeed.followers();
    }

    /**
     * Ends every live feed follow (each sees its stream end); the other use cases keep working. The storage is not
     * closed: it is the caller's, to close afterwards.
     */
    @Override
    public void close() {
        liveFeed.close();
    }

    /** The settings of a {@link CampaignAnalytics}; each has a default. */
    public static final class Builder {
        private final AnalyticsStorage storage;
        private final ReportWriters reportWriters;
        private Clock clock = Clock.systemUTC();
        private TrackingPolicy trackingPolicy = TrackingPolicy.DEFAULT;
        private ReportLimits reportLimits = ReportLimits.DEFAULT;
        private int followerBuffer = LiveFeedService.DEFAULT_FOLLOWER_BUFFER;
        private UnaryOperator<EventStore> eventStoreDecorator = UnaryOperator.identity();

        private Builder(AnalyticsStorage storage, ReportWriters reportWriters) {
            this.storage = storage;
            this.reportWriters = reportWriters;
        }

        /**
         * Where "now" comes from: when events are received (and so which event times are acceptable), when campaigns
         * are created or changed, and "today" of report presets (a calendar date in the zone of each query).
         *
         * @param clock the clock; tests pin it
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Which tracked events are accepted: how far in the future and the past their time may be, and whether IP
         * addresses are anonymized before they are stored.
         *
         * @param policy the tracking policy
         * @return this builder
         */
        public Builder trackingPolicy(TrackingPolicy policy) {
            this.trackingPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * How long a date range a report may cover.
         *
         * @param limits the report limits
         * @return this builder
         */
        public Builder reportLimits(ReportLimits limits) {
            this.reportLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * How many events may wait for one live feed follower before it is dropped (a slow follower never slows
         * tracking).
         *
         * @param events at least 1
         * @return this builder
         */
        public Builder liveFeedBuffer(int events) {
            if (events < 1) {
                throw new IllegalArgumentException("a live feed buffer holds at least 1 event");
            }
            this.followerBuffer = events;
            return this;
        }

        /**
         * Tracking appends through {@code decorator} applied to the storage's event store, e.g. to time appends for
         * metrics.
         *
         * @param decorator returns an event store that appends to the one it is given
         * @return this builder
         */
        public Builder decorateEventStore(UnaryOperator<EventStore> decorator) {
            this.eventStoreDecorator = Objects.requireNonNull(decorator, "decorator");
            return this;
        }

        /**
         * The use cases on the storage, with these settings.
         *
         * @return the wired product
         */
        public CampaignAnalytics build() {
            return new CampaignAnalytics(this);
        }
    }
}
