import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;

/**
 * Loads synthetic events for the export benchmark straight into campaign_analytics with COPY, every column filled.
 * Run with the application jar on the class path (it holds pgjdbc):
 *
 * <pre>java -cp app/target/campaign-analytics.jar bench/LoadEvents.java JDBC_URL USER CAMPAIGN_ID COUNT</pre>
 *
 * Events start at 2025-01-01T00:00:00Z, 2.5 s apart (1,000,000 events cover about 29 days; 34,560 a day). They go
 * straight into the table: where reports read rollups kept by the event store, these events are in raw exports
 * only, which is all the benchmark reads.
 */
public class LoadEvents {
    private static final String[] TYPES = {"impression", "view", "view", "click", "conversion"};
    private static final String[] SEGMENTS = {"new", "returning", "vip", "lapsed", "trial", "enterprise"};
    private static final String[] CHANNELS = {"email", "social", "search", "display", "push"};
    private static final String[] DEVICES = {"mobile", "desktop", "tablet"};

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        String campaign = args[2];
        int count = Integer.parseInt(args[3]);
        long started = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url, user, "postgres")) {
            try (Statement s = c.createStatement()) {
                // Where events are kept in monthly (UTC) partitions, COPY needs those of the months it fills.
                s.execute("DO $$ DECLARE m date; BEGIN "
                        + "IF EXISTS (SELECT 1 FROM pg_partitioned_table "
                        + "WHERE partrelid = 'campaign_analytics'::regclass) THEN "
                        + "FOR m IN SELECT generate_series(date '2025-01-01', date '2025-01-01' + "
                        + (count / 34_560 + 1) + ", interval '1 month')::date LOOP "
                        + "EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF campaign_analytics "
                        + "FOR VALUES FROM (%L) TO (%L)', 'campaign_analytics_y' || to_char(m, 'YYYY') || 'm' "
                        + "|| to_char(m, 'MM'), m::timestamp AT TIME ZONE 'UTC', "
                        + "(m + interval '1 month')::timestamp AT TIME ZONE 'UTC'); "
                        + "END LOOP; END IF; END $$");
            }
            long rows = c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY campaign_analytics (id, campaign_id, event_type, event_data, audience_segment, channel, "
                            + "device_type, user_agent, ip_address, referrer_url, session_id, user_id, created_at, "
                            + "received_at, client_event_id) FROM STDIN (FORMAT csv)",
                    new Rows(campaign, count));
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE campaign_analytics");
            }
            System.out.printf("loaded %d events in %.1f s%n", rows, (System.nanoTime() - started) / 1e9);
        }
    }

    /** The CSV lines of the events, made as COPY reads them. */
    static final class Rows extends Reader {
        private final String campaign;
        private final int count;
        private final Instant start = Instant.parse("2025-01-01T00:00:00Z");
        private int next;
        private String line = "";
        private int position;

        Rows(String campaign, int count) {
            this.campaign = campaign;
            this.count = count;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            if (position == line.length()) {
                if (next == count) {
                    return -1;
                }
                line = line(next++);
                position = 0;
            }
            int n = Math.min(length, line.length() - position);
            line.getChars(position, position + n, buffer, offset);
            position += n;
            return n;
        }

        private String line(int i) {
            Instant at = start.plusMillis(i * 2500L);
            return UUID.randomUUID() + "," + campaign + "," + TYPES[i % 5] + ",\"{\"\"n\"\": " + i
                    + ", \"\"page\"\": \"\"/p/" + (i % 97) + "\"\"}\"," + SEGMENTS[i % 6] + "," + CHANNELS[i % 5]
                    + "," + DEVICES[i % 3] + ",\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36\","
                    + "203.0.113." + (i % 250) + ",https://example.com/p/" + (i % 97) + ",s-" + (i / 20) + ","
                    + new UUID(0x1234L, i / 50) + "," + at + "," + at.plusMillis(1500) + ",evt-" + i + "\n";
        }

        @Override
        public void close() throws IOException {
        }
    }
}
