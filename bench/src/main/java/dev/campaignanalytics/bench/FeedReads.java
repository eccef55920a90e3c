package dev.campaignanalytics.bench;

import dev.campaignanalytics.postgres.EmbeddedPostgresServer;
import dev.campaignanalytics.postgres.PostgresAdapters;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What the live feed's reads of one campaign cost on a large store, before and after V16 indexed positions per
 * campaign, and what that index costs when an event is stored: the measurement behind {@code docs/SCALING.md},
 * "Live-feed reads of one campaign".
 *
 * <p>It starts an embedded PostgreSQL with the server's settings in a new directory, applies the migrations, and
 * fills the raw table with plain SQL (no HTTP, no rollups: only the feed's reads are measured):
 * <ul>
 *   <li>campaign {@code gone quiet}: 300,000 events, all stored before the others;</li>
 *   <li>then {@code --events} events (default 10,000,000) of 49 campaigns, one of them ({@code big}) holding 20 %;</li>
 *   <li>then campaign {@code few}: 10 events.</li>
 * </ul>
 * The queries are the adapter's own SQL files, with their parameters written in. Each is run once unmeasured, then
 * 5 times; the median is reported. The ingest side is an {@code INSERT} of 1,000,000 events into the same table,
 * rolled back, with V16's {@code (campaign_id, seq)} and with V11's {@code (campaign_id, received_at)} in its place,
 * in alternating order, {@code --insert-rounds} times each (default 5).
 *
 * <p>Run: {@code java -cp bench/target/bench.jar dev.campaignanalytics.bench.FeedReads [--events N] [--out FILE]}
 * (after {@code mvn -Pbench -pl app,bench -am package -DskipTests}); about 7 minutes for 10M events.
 */
public final class FeedReads {
    private static final String GONE_QUIET = "00000000-0000-0000-0000-000000000051";
    private static final String FEW = "00000000-0000-0000-0000-000000000050";
    private static final String BIG = "00000000-0000-0000-0000-000000000000";
    private static final String SQL_DIR = "/dev/campaignanalytics/postgres/JdbiEventFeed/";
    private static final int RUNS = 5;

    private final Connection c;
    private final int insertRounds;
    private final List<String> out = new ArrayList<>();

    private FeedReads(Connection c, int insertRounds) {
        this.c = c;
        this.insertRounds = insertRounds;
    }

    public static void main(String[] args) throws Exception {
        long events = 10_000_000;
        int insertRounds = 5;
        Path outFile = Path.of("bench/FEED-READS.md");
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--events" -> events = Long.parseLong(args[i + 1]);
                case "--insert-rounds" -> insertRounds = Integer.parseInt(args[i + 1]);
                case "--out" -> outFile = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --events N, --insert-rounds N, --out FILE");
            }
        }
        Path dir = Files.createTempDirectory("campaign-analytics-feed-reads");
        long started = System.nanoTime();
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("postgres"))) {
            try (PostgresAdapters adapters = PostgresAdapters.create(
                    PostgresAdapters.pooledDataSource(pg.jdbcUrl(), pg.user(), pg.password()))) {
                adapters.migrate();
            }
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
                FeedReads run = new FeedReads(c, insertRounds);
                run.measure(events);
                Machine m = Machine.describe();
                List<String> head = new ArrayList<>(List.of(
                        "# Live-feed reads of one campaign",
                        "",
                        "Made by `java -cp bench/target/bench.jar dev.campaignanalytics.bench.FeedReads` (see its"
                                + " Javadoc) on " + Instant.now() + ", "
                                + Math.round((System.nanoTime() - started) / 1e9) + " s; "
                                + m.cores() + " cores, " + m.cpuModel() + ", " + m.memory() + "; "
                                + run.one("SELECT version()") + ", the server's embedded settings.",
                        "",
                        "The store: campaign `gone quiet` with 300,000 events stored first, then "
                                + String.format(Locale.ROOT, "%,d", events) + " events of 49 campaigns (`big` holds"
                                + " 20 %), then campaign `few` with 10 events. Times are medians of " + RUNS
                                + " runs after one unmeasured, from the client.",
                        ""));
                head.addAll(run.out);
                Files.write(outFile, head, StandardCharsets.UTF_8);
                System.out.println(String.join("\n", head));
            }
        } finally {
            deleteTree(dir);
        }
    }

    private void measure(long events) throws SQLException {
        exec("INSERT INTO marketing_campaigns (id, campaign_name, created_at, updated_at) SELECT ('00000000-0000-0000-"
                + "0000-' || lpad(g::text, 12, '0'))::uuid, 'c' || g, now(), now() FROM generate_series(0, 51) g");
        // Every event falls in this month, whose partition the migration made.
        exec(insertEvents(GONE_QUIET, 300_000, "'" + GONE_QUIET + "'", "now() - interval '20 days'"));
        exec(insertEvents(null, events, "('00000000-0000-0000-0000-' || lpad((CASE WHEN g % 5 = 0 THEN 0 ELSE"
                + " 1 + (g % 49) END)::text, 12, '0'))::uuid", "now() - interval '10 days'"));
        exec(insertEvents(FEW, 10, "'" + FEW + "'", "now() - interval '1 day'"));
        exec("VACUUM ANALYZE campaign_analytics");
        long latest = Long.parseLong(one("SELECT max(seq) FROM campaign_analytics"));
        String quietLastReceived = one("SELECT max(received_at) FROM campaign_analytics WHERE campaign_id = '"
                + GONE_QUIET + "'");

        String newest = sql("newestUpToOfCampaign").replace(":upTo", Long.toString(latest)).replace(":limit", "50");
        String readAfter = sql("readAfterOfCampaign").replace(":upTo", Long.toString(latest))
                .replace(":limit", "51");
        String lossy = sql("newestReceivedAfter").replace(":limit", "50")
                .replace("<receivedAfter>", "AND a.received_at > '" + quietLastReceived + "'");
        // Before V16, one campaign's reads by position were the every-campaign statements with its filter added.
        String oldNewest = narrowed(sql("newestUpTo").replace(":upTo", Long.toString(latest))
                .replace(":limit", "50"));
        String oldReadAfter = narrowed(sql("readAfter").replace(":upTo", Long.toString(latest))
                .replace(":limit", "51"));
        String back1m = Long.toString(latest - 1_000_000);
        String back15k = Long.toString(latest - 15_000);

        out.add("## The live feed's reads of one campaign");
        out.add("");
        out.add("The adapter's SQL as it ships, on the schema as migrated (V16: positions indexed per campaign), and as"
                + " it was before V16 (one campaign's reads were the every-campaign statements with a filter on the"
                + " campaign; `(campaign_id, received_at)` in place of `(campaign_id, seq)`).");
        out.add("");
        out.add("| read | campaign | now | before V16 |");
        out.add("|---|---|---:|---:|");
        List<String[]> reads = List.of(
                new String[] {"poll without a cursor (`newestUpTo…`, limit 50)", "big", newest, oldNewest},
                new String[] {"poll without a cursor (`newestUpTo…`, limit 50)", "few", newest, oldNewest},
                new String[] {"poll without a cursor (`newestUpTo…`, limit 50)", "gone quiet", newest, oldNewest},
                new String[] {"poll with a cursor 1,000,000 positions back (`readAfter…`)", "gone quiet",
                        readAfter.replace(":after", back1m), oldReadAfter.replace(":after", back1m)},
                new String[] {"poll with a cursor 15,000 positions back (`readAfter…`: 5 s at 3,000 events/s)",
                        "gone quiet", readAfter.replace(":after", back15k), oldReadAfter.replace(":after", back15k)},
                new String[] {"older poll by receive time, after its last event (`newestReceivedAfter`)",
                        "gone quiet", lossy, lossy},
                new String[] {"older poll by receive time, after the last event of `gone quiet`", "few", lossy,
                        lossy});
        String[][] cells = new String[reads.size()][2];
        for (int i = 0; i < reads.size(); i++) {
            String[] r = reads.get(i);
            cells[i][0] = timed(campaign(r[2], r[1]));
            if (Boolean.getBoolean("feedReads.explain")) {
                System.out.println(r[0] + ", " + r[1] + ":\n" + explain(campaign(r[2], r[1])));
            }
        }
        exec("CREATE INDEX campaign_analytics_campaign_received ON campaign_analytics (campaign_id, received_at)");
        exec("DROP INDEX campaign_analytics_campaign_seq");
        exec("ANALYZE campaign_analytics");
        for (int i = 0; i < reads.size(); i++) {
            String[] r = reads.get(i);
            cells[i][1] = timed(campaign(r[3], r[1]));
            out.add("| " + r[0] + " | " + r[1] + " | " + cells[i][0] + " | " + cells[i][1] + " |");
            System.out.println(out.get(out.size() - 1));
        }
        out.add("");

        out.add("## What storing an event costs: `(campaign_id, seq)` against `(campaign_id, received_at)`");
        out.add("");
        out.add("An `INSERT` of 1,000,000 events (the mix above, this month) into the table, in a transaction rolled"
                + " back; `VACUUM` and `CHECKPOINT` before each; alternating, the index before V16 first. Both have"
                + " four b-trees: the primary key, `(seq)`, `(received_at)` and the one named.");
        out.add("");
        out.add("| round | `(campaign_id, received_at)` (before V16) | `(campaign_id, seq)` (V16) |");
        out.add("|---|---:|---:|");
        double[] before = new double[insertRounds];
        double[] now = new double[insertRounds];
        for (int r = 0; r < insertRounds; r++) {
            before[r] = timedInsert();
            exec("DROP INDEX campaign_analytics_campaign_received");
            exec("CREATE INDEX campaign_analytics_campaign_seq ON campaign_analytics (campaign_id, seq)");
            now[r] = timedInsert();
            exec("DROP INDEX campaign_analytics_campaign_seq");
            exec("CREATE INDEX campaign_analytics_campaign_received ON campaign_analytics (campaign_id, received_at)");
            out.add(String.format(Locale.ROOT, "| %d | %.1f s | %.1f s |", r + 1, before[r], now[r]));
        }
        double mb = Arrays.stream(before).average().orElseThrow();
        double mn = Arrays.stream(now).average().orElseThrow();
        out.add(String.format(Locale.ROOT, "| mean | %.1f s | %.1f s (%+.0f %%) |", mb, mn, (mn / mb - 1) * 100));
        double db = median(before);
        double dn = median(now);
        out.add(String.format(Locale.ROOT, "| median | %.1f s | %.1f s (%+.0f %%) |", db, dn, (dn / db - 1) * 100));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** An every-campaign statement narrowed to {@code <campaign>}, as one campaign's reads were before V16. */
    private static String narrowed(String everyCampaign) {
        return everyCampaign.replace("\nORDER BY", " <campaign>\nORDER BY");
    }

    private static String insertEvents(String campaign, long n, String campaignExpr, String receivedFrom) {
        // Positions (seq) and receive times grow with g, as the product stores them.
        return "INSERT INTO campaign_analytics (id, campaign_id, event_type, audience_segment, channel, device_type,"
                + " created_at, received_at) SELECT gen_random_uuid(), " + campaignExpr + ", 'view', 'seg' || (g % 6),"
                + " 'ch' || (g % 5), 'd' || (g % 3), date_trunc('month', now()) + (g * interval '1 day' * 25 / " + n
                + "), " + receivedFrom + " + g * interval '1 day' * 5 / " + n + " FROM generate_series(1, " + n + ") g";
    }

    private double timedInsert() throws SQLException {
        exec("VACUUM campaign_analytics");
        exec("CHECKPOINT");
        c.setAutoCommit(false);
        try {
            long t = System.nanoTime();
            exec(insertEvents(null, 1_000_000, "('00000000-0000-0000-0000-' || lpad((CASE WHEN g % 5 = 0 THEN 0"
                    + " ELSE 1 + (g % 49) END)::text, 12, '0'))::uuid", "now()"));
            return (System.nanoTime() - t) / 1e9;
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    private static String campaign(String query, String name) {
        String id = switch (name) {
            case "big" -> BIG;
            case "few" -> FEW;
            default -> GONE_QUIET;
        };
        return query.replace("<campaign>", "AND a.campaign_id = '" + id + "'").replace(":campaignId", "'" + id + "'");
    }

    /** Runs a query once unmeasured, then {@value #RUNS} times: the median, and how many rows it answered. */
    private String timed(String query) throws SQLException {
        int rows = count(query);
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            count(query);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        double median = ms[RUNS / 2];
        return (median >= 100 ? String.format(Locale.ROOT, "%,.0f ms", median)
                : String.format(Locale.ROOT, "%.2f ms", median)) + " (" + rows + " rows)";
    }

    private String explain(String query) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + query)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    private int count(String query) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            int n = 0;
            while (rs.next()) {
                n++;
            }
            return n;
        }
    }

    private void exec(String statement) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private String one(String query) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String sql(String name) {
        try (InputStream in = FeedReads.class.getResourceAsStream(SQL_DIR + name + ".sql")) {
            if (in == null) {
                throw new IllegalStateException("no " + SQL_DIR + name + ".sql on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
