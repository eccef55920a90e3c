package dev.campaignanalytics.postgres;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.Counts;
import dev.campaignanalytics.core.domain.DimensionFilter;
import dev.campaignanalytics.core.domain.Dimension;
import dev.campaignanalytics.core.port.out.CountQuery;
import dev.campaignanalytics.core.port.out.ReportStore;
import dev.campaignanalytics.core.port.out.SliceCount;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Counts events. Reports read the rollups, never the raw events, choosing the coarsest level that answers the query:
 * the time-only level when nothing is filtered or grouped, the one-dimension level when at most one dimension is
 * filtered and grouped, and the all-dimensions level otherwise. Only slice edges that are not on 15-minute slots
 * (historical zone offsets such as local mean time) fall back to counting raw events. The database counts; nothing
 * else is computed here.
 */
final class JdbiReportStore implements ReportStore {
    private static final String COUNT_RAW = Sql.statement(JdbiReportStore.class, "count");
    private static final String COUNT_TOTAL = Sql.statement(JdbiReportStore.class, "countTotal");
    private static final String COUNT_DIMENSION = Sql.statement(JdbiReportStore.class, "countDimension");
    private static final String COUNT_FULL = Sql.statement(JdbiReportStore.class, "countFull");
    private static final String EVENT_TIME_SPAN = Sql.statement(JdbiReportStore.class, "eventTimeSpan");

    /** Which table answers a query. */
    enum Level { TOTAL, DIMENSION, FULL, RAW }

    private final Jdbi jdbi;

    JdbiReportStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    static Level levelFor(CountQuery query) {
        for (Instant edge : query.edges()) {
            if (edge.getNano() != 0 || Math.floorMod(edge.getEpochSecond(), Rollups.SLOT_SECONDS) != 0) {
                return Level.RAW;
            }
        }
        Set<Dimension> involved = EnumSet.noneOf(Dimension.class);
        involved.addAll(query.filter().asMap().keySet());
        if (query.groupBy() != null) {
            involved.add(query.groupBy());
        }
        return switch (involved.size()) {
            case 0 -> Level.TOTAL;
            case 1 -> Level.DIMENSION;
            default -> Level.FULL;
        };
    }

    @Override
    public List<SliceCount> count(CountQuery query) {
        return count(query, levelFor(query));
    }

    /** Counts at a given level; a level coarser than the query needs gives wrong answers, so only tests choose. */
    List<SliceCount> count(CountQuery query, Level level) {
        List<String> campaignIds = query.campaigns().stream().map(CampaignId::toString).distinct().toList();
        List<String> edges = query.edges().stream().map(Sql::text).toList();
        return Sql.withHandle(jdbi, "count events", h -> {
            Query q;
            switch (level) {
                case TOTAL -> q = h.createQuery(COUNT_TOTAL);
                case DIMENSION -> {
                    Dimension d = query.groupBy() != null ? query.groupBy()
                            : query.filter().asMap().keySet().iterator().next();
                    q = h.createQuery(COUNT_DIMENSION)
                            .define("dimension", query.groupBy() == null ? "NULL::text" : "value")
                            .define("filter", query.filter().isEmpty() ? "" : " AND value = :filterValue")
                            .bind("dimension", (short) (d.ordinal() + 1));
                    query.filter().valueFor(d).ifPresent(v -> q.bind("filterValue", v));
                }
                default -> q = Sql.bindFilter(h.createQuery(level == Level.FULL ? COUNT_FULL : COUNT_RAW)
                        .define("dimension", query.groupBy() == null ? "NULL::text" : Sql.column(query.groupBy()))
                        .define("filter", Sql.filterConditions(query.filter())), query.filter());
            }
            return q.bindArray("campaignIds", String.class, campaignIds)
                    .bindArray("edges", String.class, edges)
                    .bind("from", Sql.timestamp(query.from()))
                    .bind("until", Sql.timestamp(query.until()))
                    .map((rs, ctx) -> new SliceCount(
                            new CampaignId(rs.getObject("campaign_id", UUID.class)),
                            rs.getInt("slice"),
                            rs.getString("dimension_value"),
                            new Counts(rs.getLong("impressions"), rs.getLong("views"), rs.getLong("clicks"),
                                    rs.getLong("conversions"))))
                    .list();
        });
    }

    @Override
    public Optional<EventTimeSpan> eventTimeSpan(CampaignId campaign, Instant from, Instant until,
                                                 DimensionFilter filter) {
        return Sql.withHandle(jdbi, "find the time span of events", h -> Sql.bindFilter(h.createQuery(EVENT_TIME_SPAN)
                        .define("filter", Sql.filterConditions(filter)), filter)
                .bind("campaignId", campaign.value())
                .bind("from", Sql.timestamp(from))
                .bind("until", Sql.timestamp(until))
                .map((rs, ctx) -> {
                    Instant first = Sql.instant(rs, "first");
                    return first == null ? null : new EventTimeSpan(first, Sql.instant(rs, "last"));
                })
                .findOne());
    }

}
