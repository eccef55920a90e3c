package dev.campaignanalytics.bench;

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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Direct JDBC access to the server's embedded PostgreSQL (it listens on localhost and trusts local connections), for
 * the references that bypass our code: the raw GROUP BY and COPY into a bare table.
 */
final class Database {
    static final String DATABASE = "campaign_analytics";
    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    /** The columns the COPY ceiling writes: those a stored event has, minus the ones our events leave empty. */
    static final String COPY_COLUMNS = "id, campaign_id, event_type, audience_segment, channel, device_type, "
            + "session_id, created_at, received_at, client_event_id, seq";
    static final String COPY_TABLE = "bench_copy_ceiling";

    private final long postmasterPid;
    private final String jdbcUrl;

    private Database(long postmasterPid, int port) {
        this.postmasterPid = postmasterPid;
        this.jdbcUrl = "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    /** Reads the running server's pid and port from {@code postmaster.pid} in its data directory. */
    static Database of(Path postgresDataDir) throws IOException {
        List<String> lines = Files.readAllLines(postgresDataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        return new Database(Long.parseLong(lines.get(0).trim()), Integer.parseInt(lines.get(3).trim()));
    }

    long postmasterPid() {
        return postmasterPid;
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, USER, PASSWORD);
    }

    String version() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version()")) {
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
            throws SQLException, InterruptedException, java.util.concurrent.ExecutionException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + COPY_TABLE);
            s.execute("CREATE TABLE " + COPY_TABLE + " (LIKE campaign_analytics)");
        }
        List<List<byte[]>> payloads = new ArrayList<>();
        for (int k = 0; k < streams; k++) {
            long from = rows * k / streams;
            long to = rows * (k + 1) / streams;
            List<byte[]> chunks = new ArrayList<>();
            StringBuilder sb = new StringBuilder(1 << 20);
            for (long i = from; i < to; i++) {
                dataset.event(i).appendCopyRow(sb, "copy-", received.getEpochSecond());
                if (sb.length() > (1 << 20) - 512) {
                    chunks.add(sb.toString().getBytes(StandardCharsets.UTF_8));
                    sb.setLength(0);
                }
            }
            chunks.add(sb.toString().getBytes(StandardCharsets.UTF_8));
            payloads.add(chunks);
        }
        ExecutorService pool = Executors.newFixedThreadPool(streams);
        try {
            List<Connection> connections = new ArrayList<>();
            for (int k = 0; k < streams; k++) {
                connections.add(connect());
            }
            try {
                long t0 = System.nanoTime();
                List<Future<Long>> done = new ArrayList<>();
                for (int k = 0; k < streams; k++) {
                    Connection c = connections.get(k);
                    List<byte[]> chunks = payloads.get(k);
                    done.add(pool.submit(() -> {
                        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                        List<InputStream> parts = new ArrayList<>();
                        for (byte[] b : chunks) {
                            parts.add(new ByteArrayInputStream(b));
                        }
                        return copy.copyIn("COPY " + COPY_TABLE + " (" + COPY_COLUMNS + ") FROM STDIN",
                                new SequenceInputStream(Collections.enumeration(parts)), 1 << 16);
                    }));
                }
                long copied = 0;
                for (Future<Long> f : done) {
                    copied += f.get(30, TimeUnit.MINUTES);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (copied != rows) {
                    throw new IllegalStateException("COPY stored " + copied + " rows of " + rows);
                }
                return seconds;
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("COPY took more than 30 minutes", e);
            } finally {
                for (Connection c : connections) {
                    c.close();
                }
            }
        } finally {
            pool.shutdownNow();
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + COPY_TABLE);
            }
        }
    }
}
