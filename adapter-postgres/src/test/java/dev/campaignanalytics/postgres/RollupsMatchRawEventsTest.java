package dev.campaignanalytics.postgres;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.Counts;
import dev.campaignanalytics.core.domain.DateRange;
import dev.campaignanalytics.core.domain.Dimension;
import dev.campaignanalytics.core.domain.DimensionFilter;
import dev.campaignanalytics.core.domain.Dimensions;
import dev.campaignanalytics.core.domain.EventIds;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.domain.Granularity;
import dev.campaignanalytics.core.domain.TimeBuckets;
import dev.campaignanalytics.core.domain.TrackedEvent;
import dev.campaignanalytics.core.port.out.CountQuery;
import dev.campaignanalytics.core.port.out.EventStore;
import dev.campaignanalytics.core.port.out.NewEvent;
import dev.campaignanalytics.core.port.out.SliceCount;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.campaignanalytics.postgres.Fixtures.campaign;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollups are the only proof-worthy thing about reports: for random ingests (concurrent batches, repeated
 * client event ids within and across batches, events around daylight-saving changes) every rollup level must count
 * exactly what a GROUP BY over the raw events counts, for random queries in several zones: both while every count
 * is still a rollup delta, and after compaction has moved them all into the levels.
 */
class RollupsMatchRawEventsTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    /** Values as clients send them: also the text unknown, blank ones (no value) and ones in surrounding spaces. */
    private static final String[] SEGMENTS = {null, "new", "returning", "vip", "unknown", "", "  ", " vip "};
    private static final String[] CHANNELS = {null, "email", "social", "unknown", " ", "email\t"};
    private static final String[] DEVICES = {null, "mobile", "desktop", "unknown", "\t", " desktop"};
    /** Filter values: the breakdown rows there can be. */
    private static final String[] SEGMENT_FILTERS = {"new", "returning", "vip", "unknown"};
    private static final String[] CHANNEL_FILTERS = {"email", "social", "unknown"};
    private static final String[] DEVICE_FILTERS = {"mobile", "desktop", "unknown"};
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("America/New_York"),
            ZoneId.of("Asia/Kathmandu"), ZoneId.of("Asia/Kolkata"), ZoneId.of("Australia/Lord_Howe"),
            ZoneId.of("Europe/London"), ZoneId.of("UTC"), ZoneId.of("Asia/Kathmandu"));
    /** Events fall in the weeks around the 2024 daylight-saving changes of New York and London. */
    private static final Instant[] WINDOWS = {Instant.parse("2024-03-05T00:00:00Z"),
            Instant.parse("2024-10-22T00:00:00Z")};

    @Test
    void everyRollupLevelCountsWhatTheRawEventsCount() throws Exception {
        Random random = new Random(20241103L);
        List<CampaignId> campaigns = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            var c = campaign("Rolled up " + i);
            db.adapters().campaignCatalog().add(c);
            campaigns.add(c.id());
        }
        EventStore store = db.adapters().eventStore();
        List<List<NewEvent>> batches = new ArrayList<>();
        for (int b = 0; b < 40; b++) {
            List<NewEvent> batch = new ArrayList<>();
            int size = 1 + random.nextInt(120);
            for (int i = 0; i < size; i++) {
                batch.add(randomEvent(random, campaigns));
            }
            batches.add(batch);
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (List<NewEvent> batch : batches) {
                done.add(pool.submit(() -> store.append(batch)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        List<CountQuery> queries = new ArrayList<>();
        for (int q = 0; q < 150; q++) {
            queries.add(randomQuery(random, campaigns));
        }
        // Every count is still a delta row: the reports read them beside the (empty) levels.
        assertThat(rows("SELECT count(*) FROM campaign_rollup_delta")).isNotEqualTo(Set.of(List.of(0L)));
        assertReportsCountWhatTheRawEventsCount(queries);

        // A small batch size, so that the deltas move in several transactions.
        RollupCompactor compactor = new RollupCompactor(Jdbi.create(db.dataSource()),
                RollupCompaction.onRequest(100));
        while (compactor.compactOnce() > 0) {
            // until the delta table is empty
        }
        assertThat(rows("SELECT count(*) FROM campaign_rollup_delta")).isEqualTo(Set.of(List.of(0L)));
        assertRollupTablesEqualGroupByOverRawEvents();
        assertReportsCountWhatTheRawEventsCount(queries);
        // Blank values were stored as no value, other values without their surrounding whitespace.
        for (String column : new String[] {"audience_segment", "channel", "device_type"}) {
            assertThat(rows("SELECT count(*) FROM campaign_analytics WHERE " + column + " <> btrim(" + column
                    + ", E' \\t') OR " + column + " = ''")).isEqualTo(Set.of(List.of(0L)));
        }
        assertThat(rows("SELECT count(*) FROM campaign_analytics WHERE audience_segment IS NULL")).isNotEqualTo(
                Set.of(List.of(0L)));
    }

    private static void assertReportsCountWhatTheRawEventsCount(List<CountQuery> queries) {
        JdbiReportStore reports = new JdbiReportStore(Jdbi.create(db.dataSource()));
        for (CountQuery query : queries) {
            JdbiReportStore.Level level = JdbiReportStore.levelFor(query);
            assertThat(level).isNotEqualTo(JdbiReportStore.Level.RAW);
            Set<SliceCount> fromRaw = new HashSet<>(reports.count(query, JdbiReportStore.Level.RAW));
            for (Rollups.Span coarsest : Rollups.Span.values()) {
                Set<SliceCount> fromRollups = new HashSet<>(reports.count(query, level, coarsest));
                assertThat(fromRollups).as("query %s at level %s in buckets up to %s", query, level, coarsest)
                        .isEqualTo(fromRaw);
            }
            assertThat(new HashSet<>(reports.count(query))).as("query %s as served", query).isEqualTo(fromRaw);
            if (level != JdbiReportStore.Level.FULL) {
                assertThat(new HashSet<>(reports.count(query, JdbiReportStore.Level.FULL))).isEqualTo(fromRaw);
            }
            assertFilterCountsTheBreakdownRowOfItsValue(reports, query);
        }
    }

    /**
     * A filter on value v of a dimension counts exactly what the breakdown by that dimension (without that filter)
     * counts in row v: for unknown, the events without a value and those with the text unknown together.
     */
    private static void assertFilterCountsTheBreakdownRowOfItsValue(JdbiReportStore reports, CountQuery query) {
        if (query.groupBy() != null || query.filter().isEmpty()) {
            return;
        }
        Map<Dimension, String> rest = new EnumMap<>(query.filter().asMap());
        Dimension d = rest.keySet().iterator().next();
        String row = rest.remove(d);
        DimensionFilter others = DimensionFilter.of(rest.get(Dimension.AUDIENCE_SEGMENT), rest.get(Dimension.CHANNEL),
                rest.get(Dimension.DEVICE_TYPE));
        Map<List<Object>, Counts> breakdownRow = new HashMap<>();
        for (SliceCount c : reports.count(new CountQuery(query.campaigns(), query.edges(), others, d))) {
            if (Dimension.segmentOf(c.dimensionValue()).equals(row)) {
                breakdownRow.merge(List.of(c.campaign(), c.slice()), c.counts(), Counts::plus);
            }
        }
        Map<List<Object>, Counts> filtered = new HashMap<>();
        for (SliceCount c : reports.count(query)) {
            filtered.merge(List.of(c.campaign(), c.slice()), c.counts(), Counts::plus);
        }
        assertThat(filtered).as("filter %s against the breakdown's row %s", query, row).isEqualTo(breakdownRow);
    }

    @Test
    void editsOffTheQuarterHourAreCountedFromRawEvents() {
        Instant lmtEdge = Instant.parse("2024-03-10T05:03:28Z");
        CountQuery query = new CountQuery(List.of(CampaignId.random()),
                List.of(lmtEdge, lmtEdge.plusSeconds(86_400)), DimensionFilter.NONE, null);
        assertThat(JdbiReportStore.levelFor(query)).isEqualTo(JdbiReportStore.Level.RAW);
    }

    @Test
    void theCoarsestLevelThatAnswersIsChosen() {
        List<Instant> edges = List.of(Instant.parse("2024-03-10T05:00:00Z"), Instant.parse("2024-03-11T04:00:00Z"));
        List<CampaignId> one = List.of(CampaignId.random());
        assertThat(JdbiReportStore.levelFor(new CountQuery(one, edges, DimensionFilter.NONE, null)))
                .isEqualTo(JdbiReportStore.Level.TOTAL);
        assertThat(JdbiReportStore.levelFor(new CountQuery(one, edges, DimensionFilter.NONE, Dimension.CHANNEL)))
                .isEqualTo(JdbiReportStore.Level.DIMENSION);
        assertThat(JdbiReportStore.levelFor(new CountQuery(one, edges, DimensionFilter.of(null, "email", null),
                Dimension.CHANNEL))).isEqualTo(JdbiReportStore.Level.DIMENSION);
        assertThat(JdbiReportStore.levelFor(new CountQuery(one, edges, DimensionFilter.of("vip", null, null),
                Dimension.CHANNEL))).isEqualTo(JdbiReportStore.Level.FULL);
    }

    @Test
    void reportsByDayInUtcReadOnlyDailyRows() {
        List<Instant> edges = TimeBuckets.of(new DateRange(LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 31),
                ZoneId.of("UTC")), Granularity.DAY).edges();
        JdbiReportStore.Ranges ranges = JdbiReportStore.Ranges.covering(edges, Rollups.Span.DAY);
        assertThat(ranges.of(Rollups.Span.DAY)).containsExactly(new Instant[] {
                Instant.parse("2024-03-01T00:00:00Z"), Instant.parse("2024-04-01T00:00:00Z")});
        assertThat(ranges.of(Rollups.Span.HOUR)).isEmpty();
        assertThat(ranges.of(Rollups.Span.QUARTER)).isEmpty();
    }

    @Test
    void reportsInAWholeHourZoneReadHourlyRowsAlsoAcrossADaylightSavingChange() {
        List<Instant> edges = TimeBuckets.of(new DateRange(LocalDate.of(2024, 3, 5), LocalDate.of(2024, 3, 15),
                ZoneId.of("America/New_York")), Granularity.DAY).edges();
        JdbiReportStore.Ranges ranges = JdbiReportStore.Ranges.covering(edges, Rollups.Span.DAY);
        assertThat(ranges.of(Rollups.Span.HOUR)).containsExactly(new Instant[] {
                Instant.parse("2024-03-05T05:00:00Z"), Instant.parse("2024-03-16T04:00:00Z")});
        assertThat(ranges.of(Rollups.Span.DAY)).isEmpty();
        assertThat(ranges.of(Rollups.Span.QUARTER)).isEmpty();
    }

    @Test
    void reportsInAHalfHourZoneReadQuarterHourRowsOnlyAroundTheEdges() {
        List<Instant> edges = TimeBuckets.of(new DateRange(LocalDate.of(2024, 3, 5), LocalDate.of(2024, 3, 6),
                ZoneId.of("Asia/Kolkata")), Granularity.DAY).edges();
        JdbiReportStore.Ranges ranges = JdbiReportStore.Ranges.covering(edges, Rollups.Span.DAY);
        assertThat(ranges.of(Rollups.Span.QUARTER)).containsExactly(
                new Instant[] {Instant.parse("2024-03-04T18:30:00Z"), Instant.parse("2024-03-04T19:00:00Z")},
                new Instant[] {Instant.parse("2024-03-05T18:00:00Z"), Instant.parse("2024-03-05T19:00:00Z")},
                new Instant[] {Instant.parse("2024-03-06T18:00:00Z"), Instant.parse("2024-03-06T18:30:00Z")});
        assertThat(ranges.of(Rollups.Span.HOUR)).containsExactly(
                new Instant[] {Instant.parse("2024-03-04T19:00:00Z"), Instant.parse("2024-03-05T18:00:00Z")},
                new Instant[] {Instant.parse("2024-03-05T19:00:00Z"), Instant.parse("2024-03-06T18:00:00Z")});
    }

    private static NewEvent randomEvent(Random random, List<CampaignId> campaigns) {
        Instant window = WINDOWS[random.nextInt(WINDOWS.length)];
        Instant at = window.plusSeconds(random.nextInt(14 * 86_400)).plusNanos(random.nextInt(1_000) * 1_000L);
        TrackedEvent e = new TrackedEvent(campaigns.get(random.nextInt(campaigns.size())),
                EventType.values()[random.nextInt(4)], at,
                new Dimensions(pick(random, SEGMENTS), pick(random, CHANNELS), pick(random, DEVICES)),
                null, null, null, null, null, null,
                // A small key space, so that keys repeat within and across concurrent batches.
                random.nextInt(3) == 0 ? null : "k" + random.nextInt(400));
        return new NewEvent(EventIds.next(at), at, e);
    }

    private static CountQuery randomQuery(Random random, List<CampaignId> campaigns) {
        ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
        LocalDate start = WINDOWS[random.nextInt(WINDOWS.length)].atZone(zone).toLocalDate()
                .minusDays(2).plusDays(random.nextInt(10));
        DateRange range = new DateRange(start, start.plusDays(random.nextInt(12)), zone);
        TimeBuckets buckets = TimeBuckets.of(range, Granularity.values()[random.nextInt(3)]);
        List<CampaignId> which = random.nextBoolean() ? List.of(campaigns.get(random.nextInt(campaigns.size())))
                : campaigns;
        DimensionFilter filter = random.nextInt(3) == 0 ? DimensionFilter.NONE
                : DimensionFilter.of(random.nextInt(3) == 0 ? pick(random, SEGMENT_FILTERS) : null,
                        random.nextInt(3) == 0 ? pick(random, CHANNEL_FILTERS) : null,
                        random.nextInt(3) == 0 ? pick(random, DEVICE_FILTERS) : null);
        Dimension groupBy = random.nextBoolean() ? null : Dimension.values()[random.nextInt(3)];
        return new CountQuery(which, buckets.edges(), filter, groupBy);
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }


    static void assertRollupTablesEqualGroupByOverRawEvents() throws Exception {
        String slot = "to_timestamp(floor(extract(epoch FROM created_at) / 900) * 900)";
        String hour = "to_timestamp(floor(extract(epoch FROM created_at) / 3600) * 3600)";
        String day = "to_timestamp(floor(extract(epoch FROM created_at) / 86400) * 86400)";
        String counts = "count(*) FILTER (WHERE event_type = 'impression'), count(*) FILTER (WHERE event_type = 'view'),"
                + " count(*) FILTER (WHERE event_type = 'click'), count(*) FILTER (WHERE event_type = 'conversion')";
        assertSameRows(
                "SELECT campaign_id, " + slot + ", audience_segment, channel, device_type, " + counts
                        + " FROM campaign_analytics GROUP BY 1, 2, 3, 4, 5",
                "SELECT campaign_id, bucket, audience_segment, channel, device_type, impressions, views, clicks, "
                        + "conversions FROM campaign_rollup_full");
        String[][] levels = {{slot, ""}, {hour, "_hour"}, {day, "_day"}};
        for (String[] level : levels) {
            assertSameRows(
                    "SELECT campaign_id, " + level[0] + ", " + counts + " FROM campaign_analytics GROUP BY 1, 2",
                    "SELECT campaign_id, bucket, impressions, views, clicks, conversions FROM campaign_rollup_total"
                            + level[1]);
        }
        String[] columns = {"audience_segment", "channel", "device_type"};
        for (String[] level : levels) {
            for (int d = 0; d < 3; d++) {
                assertSameRows(
                        "SELECT campaign_id, " + level[0] + ", " + columns[d] + ", " + counts
                                + " FROM campaign_analytics GROUP BY 1, 2, 3",
                        "SELECT campaign_id, bucket, value, impressions, views, clicks, conversions "
                                + "FROM campaign_rollup_dimension" + level[1] + " WHERE dimension = " + (d + 1));
            }
        }
    }

    private static void assertSameRows(String raw, String rollup) throws Exception {
        Set<List<Object>> expected = rows(raw);
        assertThat(expected).isNotEmpty();
        assertThat(rows(rollup)).as(rollup).isEqualTo(expected);
    }

    static Set<List<Object>> rows(String sql) throws Exception {
        Set<List<Object>> rows = new HashSet<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row.add(v instanceof Number num ? num.longValue() : v == null ? null : v.toString());
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
