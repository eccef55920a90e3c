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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Counts events. Reports read the rollups, never the raw events, choosing the coarsest level that answers the query:
 * the time-only level when nothing is filtered or grouped, the one-dimension level when at most one dimension is
 * filtered and grouped, and the all-dimensions level otherwise. The time-only and one-dimension levels are kept in
 * days, hours and 15-minute slots (UTC): each part of the counted range is read from the coarsest buckets that lie
 * wholly inside one slice, so a report by day in UTC reads one row per day, one in a whole-hour zone one row per
 * hour, and one in a zone such as +05:30 hours plus two 15-minute slots a day. Only slice edges that are not on
 * 15-minute slots (historical zone offsets such as local mean time) fall back to counting raw events. The database
 * counts; nothing else is computed here.
 *
 * <p>Every rollup read also adds the rows of {@code campaign_rollup_delta} of the same campaigns and range: the
 * counts of committed appends that {@link RollupCompactor} has not yet moved into the levels. They are 15-minute
 * slots with every dimension, so they answer any level, filter and slice edge on a 15-minute slot. Levels and
 * deltas are read in one statement, so on one snapshot, in which a compaction either has or has not happened as a
 * whole: each count is read exactly once.
 */
final class JdbiReportStore implements ReportStore {
    private static final String COUNT_RAW = Sql.statement(JdbiReportStore.class, "count");
    private static final String COUNT_ROLLUP = Sql.statement(JdbiReportStore.class, "countRollup");
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
            if (!Rollups.Span.QUARTER.isEdge(edge)) {
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
        return count(query, levelFor(query), Rollups.Span.DAY);
    }

    /** Counts at a given level; a level coarser than the query needs gives wrong answers, so only tests choose. */
    List<SliceCount> count(CountQuery query, Level level) {
        return count(query, level, Rollups.Span.DAY);
    }

    /**
     * Counts at a given level, reading the time-only and one-dimension levels in buckets no longer than
     * {@code coarsest} (tests compare the spans with each other and with the raw events).
     */
    List<SliceCount> count(CountQuery query, Level level, Rollups.Span coarsest) {
        List<String> campaignIds = query.campaigns().stream().map(CampaignId::toString).distinct().toList();
        List<String> edges = query.edges().stream().map(Sql::text).toList();
        return Sql.withHandle(jdbi, "count events", h -> {
            Query q;
            switch (level) {
                case TOTAL, DIMENSION -> {
                    Dimension d = level == Level.TOTAL ? null : query.groupBy() != null ? query.groupBy()
                            : query.filter().asMap().keySet().iterator().next();
                    Ranges ranges = Ranges.covering(query.edges(), coarsest);
                    boolean orNoValue = d != null && query.filter().selectsNoValue(d);
                    StringBuilder rows = new StringBuilder();
                    for (Rollups.Span span : Rollups.Span.values()) {
                        if (!ranges.of(span).isEmpty()) {
                            if (!rows.isEmpty()) {
                                rows.append(" UNION ALL ");
                            }
                            rows.append(branch(span, d, !query.filter().isEmpty(), orNoValue));
                        }
                    }
                    rows.append(rows.isEmpty() ? "" : " UNION ALL ")
                            .append(deltaBranch(d, !query.filter().isEmpty(), orNoValue));
                    q = h.createQuery(COUNT_ROLLUP)
                            .define("rows", rows.toString())
                            .bind("from", Sql.timestamp(query.from()))
                            .bind("until", Sql.timestamp(query.until()))
                            .define("dimension", query.groupBy() == null ? "NULL::text" : "value");
                    for (Rollups.Span span : Rollups.Span.values()) {
                        List<Instant[]> r = ranges.of(span);
                        if (!r.isEmpty()) {
                            q.bindArray(span.name().toLowerCase(Locale.ROOT) + "From", String.class,
                                    r.stream().map(x -> Sql.text(x[0])).toList());
                            q.bindArray(span.name().toLowerCase(Locale.ROOT) + "Until", String.class,
                                    r.stream().map(x -> Sql.text(x[1])).toList());
                        }
                    }
                    if (d != null) {
                        q.bind("dimension", (short) (d.ordinal() + 1));
                        query.filter().valueFor(d).ifPresent(v -> q.bind("filterValue", v));
                    }
                }
                default -> q = Sql.bindFilter(h.createQuery(level == Level.FULL ? COUNT_FULL : COUNT_RAW)
                        .define("dimension", query.groupBy() == null ? "NULL::text" : Sql.column(query.groupBy()))
                        .define("filter", Sql.filterConditions(query.filter())), query.filter())
                        .bind("from", Sql.timestamp(query.from()))
                        .bind("until", Sql.timestamp(query.until()));
            }
            return q.bindArray("campaignIds", String.class, campaignIds)
                    .bindArray("edges", String.class, edges)
                    .map((rs, ctx) -> new SliceCount(
                            new CampaignId(rs.getObject("campaign_id", UUID.class)),
                            rs.getInt("slice"),
                            rs.getString("dimension_value"),
                            new Counts(rs.getLong("impressions"), rs.getLong("views"), rs.getLong("clicks"),
                                    rs.getLong("conversions"))))
                    .list();
        });
    }

    /**
     * The rows of one span's table within that span's ranges, for the campaigns asked for. The ranges all lie in
     * [from, until); saying so lets the index on (campaign, bucket) read only the report's period instead of the
     * campaign's whole history.
     */
    private static String branch(Rollups.Span span, Dimension dimension, boolean filtered, boolean orNoValue) {
        String name = span.name().toLowerCase(Locale.ROOT);
        String columns = dimension == null ? "t.campaign_id, t.bucket, NULL::text AS value"
                : "t.campaign_id, t.bucket, t.value";
        return "SELECT " + columns + ", t.impressions, t.views, t.clicks, t.conversions FROM "
                + (dimension == null ? span.totalTable : span.dimensionTable) + " t JOIN unnest(:" + name
                + "From::timestamptz[], :" + name + "Until::timestamptz[]) AS q(s, e) ON t.bucket >= q.s AND "
                + "t.bucket < q.e WHERE t.campaign_id = ANY (:campaignIds::uuid[]) AND t.bucket >= :from "
                + "AND t.bucket < :until"
                + (dimension == null ? "" : " AND t.dimension = :dimension")
                + (filtered ? " AND " + Sql.valueMatches("t.value", ":filterValue", orNoValue) : "");
    }

    /**
     * The delta rows not yet compacted (15-minute slots with every dimension) within [first edge, last edge),
     * projected to the level read: no value, or the value of the one dimension.
     */
    private static String deltaBranch(Dimension dimension, boolean filtered, boolean orNoValue) {
        String value = dimension == null ? "NULL::text" : "t." + Sql.column(dimension);
        return "SELECT t.campaign_id, t.bucket, " + value + " AS value, t.impressions, t.views, t.clicks, "
                + "t.conversions FROM campaign_rollup_delta t WHERE t.campaign_id = ANY (:campaignIds::uuid[]) "
                + "AND t.bucket >= :from AND t.bucket < :until"
                + (filtered ? " AND " + Sql.valueMatches(value, ":filterValue", orNoValue) : "");
    }

    /**
     * The time ranges to read from each span's buckets so that [first edge, last edge) is covered exactly once and
     * no bucket read straddles an edge: each slice is read in the coarsest buckets that fit wholly inside it, the
     * finer ones only at its ends. Adjacent ranges of one span are joined.
     */
    static final class Ranges {
        private final Map<Rollups.Span, List<Instant[]>> bySpan = new EnumMap<>(Rollups.Span.class);

        private Ranges() {
            for (Rollups.Span s : Rollups.Span.values()) {
                bySpan.put(s, new ArrayList<>());
            }
        }

        /** Edges must all lie on 15-minute slots. */
        static Ranges covering(List<Instant> edges, Rollups.Span coarsest) {
            Ranges r = new Ranges();
            for (int i = 0; i + 1 < edges.size(); i++) {
                r.cover(edges.get(i).getEpochSecond(), edges.get(i + 1).getEpochSecond(), coarsest.ordinal());
            }
            return r;
        }

        List<Instant[]> of(Rollups.Span span) {
            return bySpan.get(span);
        }

        private void cover(long from, long until, int spanIndex) {
            if (from >= until) {
                return;
            }
            Rollups.Span span = Rollups.Span.values()[spanIndex];
            if (spanIndex == 0) {
                add(span, from, until);
                return;
            }
            long start = -Math.floorDiv(-from, span.seconds) * span.seconds;
            long end = Math.floorDiv(until, span.seconds) * span.seconds;
            if (start >= end) {
                cover(from, until, spanIndex - 1);
                return;
            }
            cover(from, start, spanIndex - 1);
            add(span, start, end);
            cover(end, until, spanIndex - 1);
        }

        private void add(Rollups.Span span, long from, long until) {
            List<Instant[]> ranges = bySpan.get(span);
            if (!ranges.isEmpty() && ranges.get(ranges.size() - 1)[1].getEpochSecond() == from) {
                ranges.get(ranges.size() - 1)[1] = Instant.ofEpochSecond(until);
            } else {
                ranges.add(new Instant[] {Instant.ofEpochSecond(from), Instant.ofEpochSecond(until)});
            }
        }
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
