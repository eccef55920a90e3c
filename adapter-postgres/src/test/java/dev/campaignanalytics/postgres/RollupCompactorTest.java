package dev.campaignanalytics.postgres;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.DateRange;
import dev.campaignanalytics.core.domain.Dimension;
import dev.campaignanalytics.core.domain.DimensionFilter;
import dev.campaignanalytics.core.domain.Dimensions;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.domain.Granularity;
import dev.campaignanalytics.core.domain.TimeBuckets;
import dev.campaignanalytics.core.port.out.CountQuery;
import dev.campaignanalytics.core.port.out.NewEvent;
import dev.campaignanalytics.core.port.out.SliceCount;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import static dev.campaignanalytics.postgres.Fixtures.T0;
import static dev.campaignanalytics.postgres.Fixtures.campaign;
import static dev.campaignanalytics.postgres.Fixtures.event;
import static dev.campaignanalytics.postgres.RollupsMatchRawEventsTest.assertRollupTablesEqualGroupByOverRawEvents;
import static dev.campaignanalytics.postgres.RollupsMatchRawEventsTest.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Appends leave their rollup counts as delta rows; compaction moves them into the levels. Reports must count every
 * event exactly once at every moment: before, during and after compaction, with several compactors at once.
 */
class RollupCompactorTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    private static final String[] SEGMENTS = {null, "new", "vip"};
    private static final String[] CHANNELS = {null, "email", "social"};
    private static final String[] DEVICES = {null, "mobile"};

    private CampaignId campaign;
    private JdbiReportStore reports;

    @BeforeEach
    void setUp() {
        var c = campaign("Compacted");
        db.adapters().campaignCatalog().add(c);
        campaign = c.id();
        reports = new JdbiReportStore(Jdbi.create(db.dataSource()));
    }

    @Test
    void anAppendAddsOneDeltaRowPerDistinctKeyAndTouchesNoLevel() throws Exception {
        Dimensions vipEmail = new Dimensions("vip", "email", null);
        Dimensions none = new Dimensions(null, null, null);
        db.adapters().eventStore().append(List.of(
                event(campaign, EventType.IMPRESSION, T0.plusSeconds(10), vipEmail),
                event(campaign, EventType.IMPRESSION, T0.plusSeconds(20), vipEmail),
                event(campaign, EventType.CLICK, T0.plusSeconds(899), vipEmail),
                // the next 15-minute slot
                event(campaign, EventType.VIEW, T0.plusSeconds(900), vipEmail),
                event(campaign, EventType.CONVERSION, T0.plusSeconds(30), none),
                event(campaign, EventType.VIEW, T0.plusSeconds(40), none)));

        assertThat(rows("SELECT extract(epoch FROM bucket - '" + T0 + "'::timestamptz), audience_segment, channel, "
                + "device_type, impressions, views, clicks, conversions FROM campaign_rollup_delta"))
                .containsExactlyInAnyOrder(
                Arrays.asList(0L, "vip", "email", null, 2L, 0L, 1L, 0L),
                Arrays.asList(900L, "vip", "email", null, 0L, 1L, 0L, 0L),
                Arrays.asList(0L, null, null, null, 0L, 1L, 0L, 1L));
        assertThat(levelRows()).isZero();

        // A second transaction with the same keys appends rows of its own: no row is updated.
        db.adapters().eventStore().append(List.of(event(campaign, EventType.CLICK, T0, vipEmail)));
        assertThat(rows("SELECT count(*) FROM campaign_rollup_delta")).containsExactly(List.of(4L));
    }

    @Test
    void compactionEmptiesTheDeltaTableAndLeavesEveryReportUnchangedAndEqualToTheRawCounts() throws Exception {
        Random random = new Random(7);
        for (int t = 0; t < 20; t++) {
            db.adapters().eventStore().append(randomEvents(random, 1 + random.nextInt(40)));
        }
        List<CountQuery> queries = queries();
        List<Set<SliceCount>> before = new ArrayList<>();
        for (CountQuery q : queries) {
            Set<SliceCount> served = new HashSet<>(reports.count(q));
            assertThat(served).as("%s before compaction", q)
                    .isEqualTo(new HashSet<>(reports.count(q, JdbiReportStore.Level.RAW)));
            before.add(served);
        }

        int moved = 0;
        for (int n; (n = db.adapters().compactRollups()) > 0; ) {
            moved += n;
        }

        assertThat(moved).isPositive();
        assertThat(rows("SELECT count(*) FROM campaign_rollup_delta")).containsExactly(List.of(0L));
        assertRollupTablesEqualGroupByOverRawEvents();
        for (int i = 0; i < queries.size(); i++) {
            assertThat(new HashSet<>(reports.count(queries.get(i)))).as("%s after compaction", queries.get(i))
                    .isEqualTo(before.get(i));
        }
    }

    @Test
    void twoCompactorsAtOnceTakeDisjointRowsAndCountEachOnce() throws Exception {
        Random random = new Random(11);
        for (int t = 0; t < 60; t++) {
            db.adapters().eventStore().append(randomEvents(random, 1 + random.nextInt(30)));
        }
        List<CountQuery> queries = queries();
        List<Set<SliceCount>> raw = new ArrayList<>();
        for (CountQuery q : queries) {
            raw.add(new HashSet<>(reports.count(q, JdbiReportStore.Level.RAW)));
        }
        long deltaRows = (Long) rows("SELECT count(*) FROM campaign_rollup_delta").iterator().next().get(0);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> moved = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                RollupCompactor compactor = new RollupCompactor(Jdbi.create(db.dataSource()),
                        RollupCompaction.onRequest(25));
                moved.add(pool.submit(() -> {
                    start.await();
                    int total = 0;
                    for (int n; (n = compactor.compactOnce()) > 0; ) {
                        total += n;
                    }
                    return total;
                }));
            }
            start.countDown();
            assertThat(moved.get(0).get(60, TimeUnit.SECONDS) + moved.get(1).get(60, TimeUnit.SECONDS))
                    .isEqualTo(deltaRows);
        } finally {
            pool.shutdownNow();
        }

        assertThat(rows("SELECT count(*) FROM campaign_rollup_delta")).containsExactly(List.of(0L));
        assertRollupTablesEqualGroupByOverRawEvents();
        for (int i = 0; i < queries.size(); i++) {
            assertThat(new HashSet<>(reports.count(queries.get(i)))).isEqualTo(raw.get(i));
        }
    }

    @Test
    void aReportTakenWhileWritersAndTwoBackgroundCompactorsRunEqualsTheRawCountsOfItsSnapshot() throws Exception {
        // Two servers' adapters on the one database, each with a compactor in the background.
        List<PostgresAdapters> servers = List.of(
                PostgresAdapters.create(db.dataSource(), GroupCommit.DEFAULT, UnaryOperator.identity(),
                        RollupCompaction.every(Duration.ofMillis(20), 40)),
                PostgresAdapters.create(db.dataSource(), GroupCommit.DEFAULT, UnaryOperator.identity(),
                        RollupCompaction.every(Duration.ofMillis(30), 40)));
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(2);
        List<CountQuery> queries = queries();
        int snapshots = 0;
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                PostgresAdapters server = servers.get(w);
                Random random = new Random(100 + w);
                done.add(writers.submit(() -> {
                    while (writing.get()) {
                        server.eventStore().append(randomEvents(random, 1 + random.nextInt(20)));
                    }
                    return null;
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
            Random pick = new Random(3);
            while (System.nanoTime() < deadline) {
                CountQuery q = queries.get(pick.nextInt(queries.size()));
                // The served report and the raw GROUP BY on one snapshot (REPEATABLE READ): the report statement is
                // one snapshot of its own, so it must equal the raw counts of that snapshot.
                try (Connection c = db.dataSource().getConnection()) {
                    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                    c.setAutoCommit(false);
                    Jdbi onSnapshot = Jdbi.create(c);
                    onSnapshot.getConfig(Handles.class).setForceEndTransactions(false);
                    JdbiReportStore snapshotReports = new JdbiReportStore(onSnapshot);
                    Set<SliceCount> served = new HashSet<>(snapshotReports.count(q));
                    Set<SliceCount> raw = new HashSet<>(snapshotReports.count(q, JdbiReportStore.Level.RAW));
                    c.rollback();
                    c.setAutoCommit(true);
                    c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                    assertThat(served).as("%s on snapshot %d", q, snapshots).isEqualTo(raw);
                }
                snapshots++;
            }
            writing.set(false);
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            writing.set(false);
            writers.shutdownNow();
            for (PostgresAdapters server : servers) {
                server.close();
            }
        }
        assertThat(snapshots).isGreaterThan(5);
        // The background compactors have moved counts into the levels while the reports ran.
        assertThat(levelRows()).isPositive();
        for (CountQuery q : queries) {
            assertThat(new HashSet<>(reports.count(q)))
                    .isEqualTo(new HashSet<>(reports.count(q, JdbiReportStore.Level.RAW)));
        }
        while (db.adapters().compactRollups() > 0) {
            // the rest
        }
        assertRollupTablesEqualGroupByOverRawEvents();
    }

    @Test
    void aBackgroundCompactorThatDrainedABacklogVacuumsTheDeltaTable() throws Exception {
        // Keys that do not repeat: a delta row per event, more than the compactor moves before it vacuums.
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < RollupCompactor.VACUUM_AFTER_ROWS + 5_000; i++) {
            events.add(event(campaign, EventType.VIEW, T0.plusSeconds(900L * i), Dimensions.NONE));
        }
        db.adapters().eventStore().append(events);
        long vacuumsBefore = vacuums();
        PostgresAdapters server = PostgresAdapters.create(db.dataSource(), GroupCommit.DEFAULT,
                UnaryOperator.identity(), RollupCompaction.every(Duration.ofMillis(20), 5_000));
        try {
            // Its compactor starts with its first append.
            server.eventStore().append(List.of(event(campaign, EventType.CLICK, T0, Dimensions.NONE)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && vacuums() == vacuumsBefore) {
                Thread.sleep(100);
            }
        } finally {
            server.close();
        }
        assertThat(vacuums()).as("manual vacuums of campaign_rollup_delta").isGreaterThan(vacuumsBefore);
        assertThat(rows("SELECT count(*) FROM campaign_rollup_delta")).containsExactly(List.of(0L));
        assertRollupTablesEqualGroupByOverRawEvents();
    }

    @Test
    void deltasLeftByAnEarlierRunAreCompactedOnceTheServerStartsItsBackgroundWithoutAnyNewAppend() throws Exception {
        // An earlier run appended and stopped before compacting (the test database's adapters compact on request).
        Random random = new Random(5);
        for (int t = 0; t < 10; t++) {
            db.adapters().eventStore().append(randomEvents(random, 20));
        }
        long waiting = deltaRows();
        assertThat(waiting).isGreaterThan(40);
        PostgresAdapters restarted = PostgresAdapters.create(db.dataSource(), GroupCommit.DEFAULT,
                UnaryOperator.identity(), RollupCompaction.every(Duration.ofMillis(50), 40));
        try {
            // Opened and migrated as a tool opens them: no thread compacts until asked, or until an append.
            restarted.migrate();
            Thread.sleep(400);
            assertThat(deltaRows()).as("delta rows before startBackground").isEqualTo(waiting);

            restarted.startBackground();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && deltaRows() > 0) {
                Thread.sleep(50);
            }
            assertThat(deltaRows()).as("delta rows after startBackground").isZero();
            assertThat(restarted.rollupRowsCompacted()).isEqualTo(waiting);
        } finally {
            restarted.close();
        }
        assertRollupTablesEqualGroupByOverRawEvents();
    }

    @Test
    void theBacklogIsTheCommittedDeltaRowsCountedExactlyAndCompactionCountsTheRowsItMoved() throws Exception {
        Dimensions email = new Dimensions(null, "email", null);
        db.adapters().eventStore().append(List.of(
                event(campaign, EventType.VIEW, T0, email),
                event(campaign, EventType.CLICK, T0.plusSeconds(1), email),
                event(campaign, EventType.VIEW, T0.plusSeconds(900), email),
                event(campaign, EventType.VIEW, T0, Dimensions.NONE)));
        long compactedBefore = db.adapters().rollupRowsCompacted();

        assertThat(db.adapters().rollupBacklog()).hasValue(3);

        while (db.adapters().compactRollups() > 0) {
            // all of it
        }
        assertThat(db.adapters().rollupBacklog()).hasValue(0);
        assertThat(db.adapters().rollupRowsCompacted() - compactedBefore).isEqualTo(3);
    }

    @Test
    void fromItsCapOnTheBacklogIsPostgresqlsEstimateAndNeverLessThanTheCap() throws Exception {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            events.add(event(campaign, EventType.VIEW, T0.plusSeconds(900L * i), Dimensions.NONE));
        }
        db.adapters().eventStore().append(events);
        RollupCompactor compactor = new RollupCompactor(Jdbi.create(db.dataSource()), RollupCompaction.onRequest(10));

        assertThat(compactor.backlog(26)).isEqualTo(25);
        assertThat(compactor.backlog(10)).isGreaterThanOrEqualTo(10);
    }

    private static long deltaRows() throws Exception {
        return (Long) rows("SELECT count(*) FROM campaign_rollup_delta").iterator().next().get(0);
    }

    private static long vacuums() throws Exception {
        return (Long) rows("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'campaign_rollup_delta'")
                .iterator().next().get(0);
    }

    @Test
    void compactionSettingsRefuseAPauseThatIsNotPositiveAnEmptyBatchAndNoThread() {
        assertThatThrownBy(() -> RollupCompaction.every(Duration.ZERO, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RollupCompaction.every(Duration.ofSeconds(-1), 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RollupCompaction.onRequest(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RollupCompaction(true, Duration.ofSeconds(1), 10, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(RollupCompaction.DEFAULT).isEqualTo(new RollupCompaction(true, Duration.ofSeconds(1), 50_000, 2));
    }

    /** Reports at every level, by day in UTC and in a +05:45 zone (whose slices end on 15-minute slots). */
    private List<CountQuery> queries() {
        List<CountQuery> queries = new ArrayList<>();
        for (ZoneId zone : List.of(ZoneId.of("UTC"), ZoneId.of("Asia/Kathmandu"))) {
            List<Instant> edges = TimeBuckets.of(new DateRange(LocalDate.of(2025, 3, 9), LocalDate.of(2025, 3, 12),
                    zone), Granularity.DAY).edges();
            queries.add(new CountQuery(List.of(campaign), edges, DimensionFilter.NONE, null));
            queries.add(new CountQuery(List.of(campaign), edges, DimensionFilter.NONE, Dimension.CHANNEL));
            queries.add(new CountQuery(List.of(campaign), edges, DimensionFilter.of("vip", null, null), null));
            queries.add(new CountQuery(List.of(campaign), edges, DimensionFilter.of("vip", null, null),
                    Dimension.DEVICE_TYPE));
        }
        return queries;
    }

    /** Events over two days from T0, with random dimensions. */
    private List<NewEvent> randomEvents(Random random, int n) {
        List<NewEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(event(campaign, EventType.values()[random.nextInt(4)], T0.plusSeconds(random.nextInt(172_800)),
                    new Dimensions(SEGMENTS[random.nextInt(SEGMENTS.length)],
                            CHANNELS[random.nextInt(CHANNELS.length)], DEVICES[random.nextInt(DEVICES.length)])));
        }
        return events;
    }

    private static long levelRows() throws Exception {
        long sum = 0;
        for (String table : List.of("campaign_rollup_total", "campaign_rollup_total_hour", "campaign_rollup_total_day",
                "campaign_rollup_dimension", "campaign_rollup_dimension_hour", "campaign_rollup_dimension_day",
                "campaign_rollup_full")) {
            sum += (Long) rows("SELECT count(*) FROM " + table).iterator().next().get(0);
        }
        return sum;
    }
}
