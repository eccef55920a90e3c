package dev.campaignanalytics.core.port.out;

/**
 * Everything the core stores and reads, as one bundle: the outgoing ports that a storage adapter (such as the
 * PostgreSQL adapter's {@code PostgresAdapters}) provides together, on one database. It is what
 * {@link dev.campaignanalytics.core.CampaignAnalytics#builder} takes.
 */
public interface AnalyticsStorage {
    /**
     * The campaigns: created, renamed, paused, listed.
     *
     * @return the campaign catalog of this storage
     */
    CampaignCatalog campaignCatalog();

    /**
     * Where tracked events are appended, each once per campaign and client event id.
     *
     * @return the event store of this storage
     */
    EventStore eventStore();

    /**
     * The counts that reports are computed from.
     *
     * @return the report store of this storage
     */
    ReportStore reportStore();

    /**
     * The stored events in commit order, and word of new ones, for the live feed.
     *
     * @return the event feed of this storage
     */
    EventFeed eventFeed();

    /**
     * The stored events one by one, for raw exports of any size.
     *
     * @return the raw event source of this storage
     */
    RawEventSource rawEventSource();
}
