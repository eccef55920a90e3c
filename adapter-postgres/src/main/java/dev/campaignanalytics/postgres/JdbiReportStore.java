package dev.campaignanalytics.postgres;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.Counts;
import dev.campaignanalytics.core.domain.DimensionFilter;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.port.out.CountQuery;
import dev.campaignanalytics.core.port.out.ReportStore;
import dev.campaignanalytics.core.port.out.SliceCount;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Counts the raw events of {@code campaign_analytics}. The database counts; nothing else is computed here. */
final class JdbiReportStore implements ReportStore {
    private static final String COUNT = Sql.statement(JdbiReportStore.class, "count");
    private static final String EVENT_TIME_SPAN = Sql.statement(JdbiReportStore.class, "eventTimeSpan");

    private final Jdbi jdbi;

    JdbiReportStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<SliceCount> count(CountQuery query) {
        List<String> campaignIds = query.campaigns().stream().map(CampaignId::toString).distinct().toList();
        List<String> edges = query.edges().stream().map(Sql::text).toList();
        String dimension = query.groupBy() == null ? "NULL::text" : Sql.column(query.groupBy());
        List<Row> rows = Sql.withHandle(jdbi, "count events", h -> Sql.bindFilter(h.createQuery(COUNT)
                        .define("dimension", dimension)
                        .define("filter", Sql.filterConditions(query.filter())), query.filter())
                .bindArray("campaignIds", String.class, campaignIds)
                .bindArray("edges", String.class, edges)
                .bind("from", Sql.timestamp(query.from()))
                .bind("until", Sql.timestamp(query.until()))
                .map((rs, ctx) -> new Row(
                        new CampaignId(rs.getObject("campaign_id", UUID.class)),
                        rs.getInt("slice"),
                        rs.getString("dimension_value"),
                        EventType.valueOf(rs.getString("event_type").toUpperCase(Locale.ROOT)),
                        rs.getLong("events")))
                .list());
        Map<SliceKey, Counts> counts = new LinkedHashMap<>();
        for (Row r : rows) {
            counts.merge(new SliceKey(r.campaign, r.slice, r.dimensionValue), Counts.of(r.type, r.events),
                    Counts::plus);
        }
        List<SliceCount> result = new ArrayList<>(counts.size());
        counts.forEach((k, c) -> result.add(new SliceCount(k.campaign, k.slice, k.dimensionValue, c)));
        return result;
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

    private record Row(CampaignId campaign, int slice, String dimensionValue, EventType type, long events) {
    }

    private record SliceKey(CampaignId campaign, int slice, String dimensionValue) {
    }
}
