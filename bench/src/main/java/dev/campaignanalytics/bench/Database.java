package dev.campaignanalytics.bench;

import dev.campaignanalytics.postgres.EmbeddedPostgresServer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Direct JDBC access to the server's embedded PostgreSQL (on localhost, with the password the server keeps in its data
 * directory), for the references that bypass our code: the raw GROUP BY, COPY into a bare table and COPY into the
 * stored tables.
 */
final class Database {
    static final String DATABASE = "campaign_analytics";
    static final String USER = "postgres";

    /**
     * The columns the COPY into the stored tables writes: those a stored event has, minus the ones our events leave
     * empty and minus seq, whose default (the position sequence) fills it as in the product's own write.
     */
    static final String STORED_COLUMNS = "id, campaign_id, event_type, audience_segment, channel, device_type, "
            + "session_id, created_at, received_at, client_event_id";
    /**
     * The columns the COPY ceiling writes: the stored ones, and seq given with each row (the bare table has no
     * default).
     */
    static final String COPY_COLUMNS = STORED_COLUMNS + ", seq";
    /** The columns of the idempotency key table, in the order of {@link Dataset.Event#appendKeyRow}. */
    static final String KEY_COLUMNS = "campaign_id, client_event_id, event_id";
    static final String COPY_TABLE = "bench_copy_ceiling";

    private final long postmasterPid;
    private final String jdbcUrl;
    private final String password;

    private Database(long postmasterPid, int port, String password) {
        this.postmasterPid = postmasterPid;
        this.jdbcUrl = "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
        this.password = password;
    }

    /** Reads the running server's pid and port from {@code postmaster.pid} in its data directory, and its password. */
    static Database of(Path postgresDataDir) throws IOException {
        List<String> lines = Files.readAllLines(postgresDataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        return new Database(Long.parseLong(lines.get(0).trim()), Integer.parseInt(lines.get(3).trim()),
                EmbeddedPostgresServer.passwordOf(postgresDataDir));
    }

    long postmasterPid() {
        return postmasterPid;
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    String password() {
        return password;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, USER, password);
    }

    String version() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** {@return the server's settings that decide what a commit costs, as {@code name=value}, comma-separated} */
    String durabilitySettings() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT string_agg(name || '=' || current_setting(name), ', ' "
                     + "ORDER BY name) FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', "
                     + "'full_page_writes', 'wal_sync_method', 'shared_buffers', 'max_wal_size')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    long count(String sql, Object... params) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Waits, at most {@code limit}, until no autovacuum worker runs (a big load sets off vacuums and analyses of
     * every partition) and the server's rollup compactor has emptied the rollups' inbox {@code campaign_rollup_delta}
     * (when the schema has one: reports are exact either way, but read the rows still there), then writes a
     * checkpoint, so that the next phase does not pay for the previous one's writes.
     *
     * @return how long it waited
     */
    Duration quiesce(Duration limit) throws SQLException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        boolean inbox = count("SELECT count(*) FROM pg_class WHERE relname = 'campaign_rollup_delta'") > 0;
        int quiet = 0;
        while (System.nanoTime() < deadline && quiet < 2) {
            long workers = count("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'");
            long waiting = inbox ? count("SELECT count(*) FROM (SELECT 1 FROM campaign_rollup_delta LIMIT 1) d") : 0;
            quiet = workers == 0 && waiting == 0 ? quiet + 1 : 0;
            if (quiet < 2) {
                Thread.sleep(1000);
            }
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * The 90-day report's counts by a plain GROUP BY over the raw events: events per UTC day and type of one
     * campaign in [from, until). Returns the milliseconds of each run, and checks that every run counts
     * {@code expectedTotal} events when it is not negative.
     */
    List<Double> rawGroupBy(String campaignId, Instant from, Instant until, int runs) throws SQLException {
        String sql = "SELECT (created_at AT TIME ZONE 'UTC')::date AS day, event_type, count(*) AS events "
                + "FROM campaign_analytics WHERE campaign_id = ?::uuid AND created_at >= ? AND created_at < ? "
                + "GROUP BY 1, 2";
        List<Double> millis = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, campaignId);
            ps.setObject(2, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            ps.setObject(3, OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                long rows = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows += rs.getLong(3);
                    }
                }
                millis.add((System.nanoTime() - t0) / 1e6);
                if (rows == 0) {
                    throw new IllegalStateException("the raw GROUP BY counted no events");
                }
            }
        }
        return millis;
    }

    /** How many raw events the GROUP BY reads. */
    long rawEvents(String campaignId, Instant from, Instant until) throws SQLException {
        return count("SELECT count(*) FROM campaign_analytics WHERE campaign_id = ?::uuid AND created_at >= ? "
                        + "AND created_at < ?", campaignId, OffsetDateTime.ofInstant(from, ZoneOffset.UTC),
                OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
    }

    /** The rows of each rollup level that the 90-day report of a campaign reads. */
    List<Long> rollupRows(String campaignId, Instant from, Instant until) throws SQLException {
        List<Long> rows = new ArrayList<>();
        for (String table : List.of("campaign_rollup_total", "campaign_rollup_dimension", "campaign_rollup_full")) {
            rows.add(count("SELECT count(*) FROM " + table + " WHERE campaign_id = ?::uuid AND bucket >= ? "
                            + "AND bucket < ?", campaignId, OffsetDateTime.ofInstant(from, ZoneOffset.UTC),
                    OffsetDateTime.ofInstant(until, ZoneOffset.UTC)));
        }
        return rows;
    }

    /** What the tables take on disk, largest first, as markdown rows. */
    List<String> tableSizes() throws SQLException {
        String sql = """
                SELECT CASE WHEN c.relname LIKE 'campaign_analytics_y%' THEN 'campaign_analytics (all partitions)'
                            ELSE c.relname END AS t,
                       sum(pg_total_relation_size(c.oid)) AS bytes, sum(c.reltuples)::bigint AS est_rows
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind = 'r'
                GROUP BY 1 ORDER BY 2 DESC""";
        List<String> rows = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(String.format("| %s | %.1f MB | %,d |", rs.getString(1), rs.getLong(2) / 1e6,
                        Math.max(0, rs.getLong(3))));
            }
        }
        return rows;
    }

    /**
     * COPYs {@code rows} events into a bare table (the same columns, no index, no key, no constraint but NOT NULL)
     * in {@code streams} parallel connections, the rows split evenly; the payload is made before the clock starts.
     *
     * @return seconds taken
     */
    double copyCeiling(Dataset dataset, long rows, int streams, Instant received)
            throws SQLException, InterruptedException, ExecutionException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + COPY_TABLE);
            s.execute("CREATE TABLE " + COPY_TABLE + " (LIKE campaign_analytics)");
        }
        try {
            String sql = "COPY " + COPY_TABLE + " (" + COPY_COLUMNS + ") FROM STDIN";
            List<List<TextCopy>> work = new ArrayList<>();
            for (int k = 0; k < streams; k++) {
                work.add(List.of(TextCopy.of(sql, dataset, streamStart(rows, streams, k),
                        streamStart(rows, streams, k + 1),
                        (sb, e) -> e.appendCopyRow(sb, "copy-", received.getEpochSecond(), true))));
            }
            return timedStreams(work, false);
        } finally {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + COPY_TABLE);
            }
        }
    }

    /** The rows of a table of the benchmark's own, such as the durable bare endpoint's. */
    long countRows(String table) throws SQLException {
        return count("SELECT count(*) FROM " + table);
    }

    /** Drops a table of the benchmark's own, if it exists. */
    void dropTable(String table) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    /**
     * The client event ids of the COPY into the stored tables: a prefix none of the dataset's stored events has
     * (they use "imp-", "live-" and "batch-"), so its keys never meet a stored one.
     */
    static final String STORED_COPY_PREFIX = "ref-";

    /**
     * COPYs {@code rows} events into the tables the product stores them in, in {@code streams} parallel connections,
     * the rows split evenly and made before the clock starts. Each stream, in one transaction: its rows' idempotency
     * keys into {@code campaign_event_keys}, then the rows into the partitioned {@code campaign_analytics} (their
     * position {@code seq} from the table's default, as the product's own write takes it). The clock stops when
     * every stream's COPYs have completed; each transaction is then rolled back ({@link #checkStoredCopyRolledBack}
     * checks that nothing stayed).
     *
     * <p>Unlike the product's write it takes no append lock (the streams' raw COPYs overlap), writes no rollup delta
     * and does not commit. The position sequence is not transactional: it stays advanced by {@code rows}, a gap in
     * the positions that no reader sees.
     *
     * @return seconds taken
     */
    double copyIntoStoredTables(Dataset dataset, long rows, int streams, Instant received)
            throws SQLException, InterruptedException, ExecutionException {
        String keys = "COPY campaign_event_keys (" + KEY_COLUMNS + ") FROM STDIN";
        String events = "COPY campaign_analytics (" + STORED_COLUMNS + ") FROM STDIN";
        List<List<TextCopy>> work = new ArrayList<>();
        for (int k = 0; k < streams; k++) {
            long from = streamStart(rows, streams, k);
            long to = streamStart(rows, streams, k + 1);
            work.add(List.of(
                    TextCopy.of(keys, dataset, from, to, (sb, e) -> e.appendKeyRow(sb, STORED_COPY_PREFIX)),
                    TextCopy.of(events, dataset, from, to,
                            (sb, e) -> e.appendCopyRow(sb, STORED_COPY_PREFIX, received.getEpochSecond(), false))));
        }
        return timedStreams(work, true);
    }

    /**
     * Checks that the rolled-back COPY into the stored tables, of events of {@code campaignIds} that happened in
     * [first, last], left none of its keys and events behind.
     */
    void checkStoredCopyRolledBack(List<String> campaignIds, Instant first, Instant last) throws SQLException {
        long keysStayed = storedCopyKeys(campaignIds);
        long eventsStayed = storedCopyEvents(first, last);
        if (keysStayed != 0 || eventsStayed != 0) {
            throw new IllegalStateException(keysStayed + " idempotency keys and " + eventsStayed + " events of the "
                    + "rolled-back COPY into the stored tables stayed");
        }
    }

    /**
     * The events of the prefix {@value #STORED_COPY_PREFIX} that happened in [first, last]: only those months'
     * partitions are read.
     */
    long storedCopyEvents(Instant first, Instant last) throws SQLException {
        return count("SELECT count(*) FROM campaign_analytics WHERE created_at >= ? AND created_at <= ? "
                        + "AND client_event_id LIKE ?", OffsetDateTime.ofInstant(first, ZoneOffset.UTC),
                OffsetDateTime.ofInstant(last, ZoneOffset.UTC), STORED_COPY_PREFIX + "%");
    }

    /**
     * The keys of the prefix {@value #STORED_COPY_PREFIX} in {@code campaign_event_keys}, read campaign by campaign:
     * under the server's code-point collation the prefix is a range of the primary key (campaign_id,
     * client_event_id); under another, the count stays right and reads each campaign's keys.
     */
    long storedCopyKeys(List<String> campaignIds) throws SQLException {
        long keys = 0;
        for (String campaign : campaignIds) {
            keys += count("SELECT count(*) FROM campaign_event_keys WHERE campaign_id = ?::uuid "
                    + "AND client_event_id LIKE ?", campaign, STORED_COPY_PREFIX + "%");
        }
        return keys;
    }

    /**
     * The monthly partitions of {@code campaign_analytics} (named as the adapter names them) whose months hold an
     * instant of [first, last], and whether each exists.
     */
    Map<String, Boolean> partitions(Instant first, Instant last) throws SQLException {
        Map<String, Boolean> partitions = new LinkedHashMap<>();
        YearMonth end = YearMonth.from(last.atOffset(ZoneOffset.UTC));
        for (YearMonth m = YearMonth.from(first.atOffset(ZoneOffset.UTC)); !m.isAfter(end); m = m.plusMonths(1)) {
            String name = String.format("campaign_analytics_y%04dm%02d", m.getYear(), m.getMonthValue());
            partitions.put(name, count("SELECT count(*) FROM pg_class WHERE oid = to_regclass(?)", name) > 0);
        }
        return partitions;
    }

    /** About how many events {@code campaign_analytics} holds, from the planner's statistics. */
    long estimatedEvents() throws SQLException {
        return count("SELECT coalesce(sum(c.reltuples), 0)::bigint FROM pg_inherits i "
                + "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'campaign_analytics'::regclass "
                + "AND c.reltuples > 0");
    }

    /** Stream {@code k}'s first event when {@code streams} streams split the events [0, rows) evenly. */
    private static long streamStart(long rows, int streams, int k) {
        return rows * k / streams;
    }

    /** Writes one event as one row of a COPY. */
    interface RowFormat {
        void append(StringBuilder sb, Dataset.Event e);
    }

    /** One COPY statement with its rows, in PostgreSQL's text format, in chunks of about a megabyte. */
    record TextCopy(String sql, long rows, List<byte[]> chunks) {
        /** The events [from, to) of the dataset as the rows of {@code sql}. */
        static TextCopy of(String sql, Dataset dataset, long from, long to, RowFormat format) {
            List<byte[]> chunks = new ArrayList<>();
            StringBuilder sb = new StringBuilder(1 << 20);
            for (long i = from; i < to; i++) {
                format.append(sb, dataset.event(i));
                if (sb.length() > (1 << 20) - 512) {
                    chunks.add(sb.toString().getBytes(StandardCharsets.UTF_8));
                    sb.setLength(0);
                }
            }
            chunks.add(sb.toString().getBytes(StandardCharsets.UTF_8));
            return new TextCopy(sql, to - from, chunks);
        }

        /** Sends the rows over pgjdbc's {@code CopyManager} and checks that the server took every one. */
        void send(Connection c) throws SQLException, IOException {
            List<InputStream> parts = new ArrayList<>();
            for (byte[] b : chunks) {
                parts.add(new ByteArrayInputStream(b));
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long copied = copy.copyIn(sql, new SequenceInputStream(Collections.enumeration(parts)), 1 << 16);
            if (copied != rows) {
                throw new IllegalStateException(sql + " stored " + copied + " rows of " + rows);
            }
        }
    }

    /**
     * Runs each stream's COPYs, in order, on a connection of its own, the streams in parallel; the clock runs from
     * the moment they start until every stream's COPYs have completed. With {@code rolledBack}, each stream's COPYs
     * run in one transaction, rolled back once the clock has stopped; otherwise each COPY commits on its own.
     *
     * @return seconds taken
     */
    private double timedStreams(List<List<TextCopy>> streams, boolean rolledBack)
            throws SQLException, InterruptedException, ExecutionException {
        ExecutorService pool = Executors.newFixedThreadPool(streams.size());
        List<Connection> connections = new ArrayList<>();
        try {
            for (int k = 0; k < streams.size(); k++) {
                Connection c = connect();
                connections.add(c);
                c.setAutoCommit(!rolledBack);
            }
            long t0 = System.nanoTime();
            List<Future<Void>> done = new ArrayList<>();
            for (int k = 0; k < streams.size(); k++) {
                Connection c = connections.get(k);
                List<TextCopy> copies = streams.get(k);
                done.add(pool.submit(() -> {
                    for (TextCopy copy : copies) {
                        copy.send(c);
                    }
                    return null;
                }));
            }
            for (Future<Void> f : done) {
                f.get(30, TimeUnit.MINUTES);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (rolledBack) {
                for (Connection c : connections) {
                    c.rollback();
                }
            }
            return seconds;
        } catch (TimeoutException e) {
            throw new IllegalStateException("COPY took more than 30 minutes", e);
        } finally {
            pool.shutdownNow();
            // Closing a connection whose transaction is still open (a stream failed) rolls it back.
            for (Connection c : connections) {
                c.close();
            }
        }
    }
}
