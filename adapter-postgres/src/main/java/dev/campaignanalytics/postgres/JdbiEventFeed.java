package dev.campaignanalytics.postgres;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.Dimensions;
import dev.campaignanalytics.core.domain.EventId;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.domain.FeedEvent;
import dev.campaignanalytics.core.port.out.EventFeed;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * The live feed on the table {@code campaign_analytics}: reads by position ({@code seq}) or by receive time, and word
 * of new positions from a {@link PositionListener}. Positions follow commit order because appends take
 * {@link FeedPositions#lockAppendsAndAnnounce the append lock}.
 */
final class JdbiEventFeed implements EventFeed {
    private static final String READ_AFTER = Sql.statement(JdbiEventFeed.class, "readAfter");
    private static final String READ_AFTER_OF_CAMPAIGN = Sql.statement(JdbiEventFeed.class, "readAfterOfCampaign");
    private static final String NEWEST_UP_TO = Sql.statement(JdbiEventFeed.class, "newestUpTo");
    private static final String NEWEST_UP_TO_OF_CAMPAIGN = Sql.statement(JdbiEventFeed.class,
            "newestUpToOfCampaign");
    private static final String NEWEST_RECEIVED_AFTER = Sql.statement(JdbiEventFeed.class, "newestReceivedAfter");
    private static final String CAMPAIGN = "AND a.campaign_id = :campaignId";

    private static final RowMapper<FeedEvent> EVENT = (rs, ctx) -> new FeedEvent(
            rs.getLong("seq"),
            new EventId(rs.getObject("id", UUID.class)),
            new CampaignId(rs.getObject("campaign_id", UUID.class)),
            rs.getString("campaign_name"),
            EventType.parse("event_type", rs.getString("event_type")),
            rs.getString("event_data"),
            new Dimensions(rs.getString("audience_segment"), rs.getString("channel"), rs.getString("device_type")),
            Sql.instant(rs, "created_at"),
            Sql.instant(rs, "received_at"));

    private final Jdbi jdbi;
    private final PositionListener listener;

    JdbiEventFeed(Jdbi jdbi, PositionListener listener) {
        this.jdbi = jdbi;
        this.listener = listener;
    }

    @Override
    public List<FeedEvent> readAfter(long after, long upTo, CampaignId campaign, int limit) {
        return Sql.withHandle(jdbi, "read the live feed", h -> query(h, READ_AFTER, READ_AFTER_OF_CAMPAIGN, campaign)
                .bind("after", after)
                .bind("upTo", upTo)
                .bind("limit", limit)
                .map(EVENT).list());
    }

    @Override
    public List<FeedEvent> newestUpTo(long upTo, CampaignId campaign, int limit) {
        return Sql.withHandle(jdbi, "read the newest events",
                h -> query(h, NEWEST_UP_TO, NEWEST_UP_TO_OF_CAMPAIGN, campaign)
                .bind("upTo", upTo)
                .bind("limit", limit)
                .map(EVENT).list());
    }

    @Override
    public List<FeedEvent> newestReceivedAfter(CampaignId campaign, Instant receivedAfter, int limit) {
        return Sql.withHandle(jdbi, "read the newest events", h -> {
            Query q = ofCampaign(h.createQuery(NEWEST_RECEIVED_AFTER), campaign)
                    .define("receivedAfter", receivedAfter == null ? "" : "AND a.received_at > :receivedAfter")
                    .bind("limit", limit);
            if (receivedAfter != null) {
                // Cut to the microsecond, PostgreSQL's precision: "after t" and "after t cut down" select the same
                // stored instants.
                q.bind("receivedAfter", Sql.timestamp(receivedAfter));
            }
            return q.map(EVENT).list();
        });
    }

    /**
     * A read by position: of every campaign ({@code campaign} null), through the table-wide positions; or of one,
     * whose positions are picked from its own (see {@code readAfterOfCampaign.sql}).
     */
    private static Query query(Handle h, String everyCampaign, String oneCampaign, CampaignId campaign) {
        return campaign == null ? h.createQuery(everyCampaign)
                : h.createQuery(oneCampaign).bind("campaignId", campaign.value());
    }

    /** Narrows a feed query's {@code <campaign>} to one campaign's events; {@code null} leaves every campaign's. */
    private static Query ofCampaign(Query q, CampaignId campaign) {
        q.define("campaign", campaign == null ? "" : CAMPAIGN);
        if (campaign != null) {
            q.bind("campaignId", campaign.value());
        }
        return q;
    }

    @Override
    public long latestPosition() {
        return Sql.withHandle(jdbi, "find the newest position", h -> h
                .createQuery("SELECT coalesce(max(seq), 0) FROM campaign_analytics")
                .mapTo(Long.class)
                .one());
    }

    @Override
    public Subscription subscribe(LongConsumer newest) {
        return listener.subscribe(newest);
    }
}
