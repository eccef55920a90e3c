package dev.campaignanalytics.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP ceiling of our own stack: Javalin 7 and Jackson as the server uses them, with an endpoint that reads the
 * same event JSON into a tree, checks it is an object with the two required fields, and answers an envelope of the
 * same shape, touching nothing else (no validation rules, no database). Run in its own JVM by the benchmark:
 * {@code java -cp bench.jar dev.campaignanalytics.bench.BareEndpoint <port>}.
 *
 * <p>With {@code durable <jdbc-url> <password>} after the port, the same endpoint also stores each event durably
 * before it answers, doing as little else as it can: one writer thread takes every waiting event (up to
 * {@value #MOST_PER_COMMIT}), COPYs them into {@value #DURABLE_TABLE} (no index, no key, logged) in one transaction,
 * and the waiting requests answer after that commit. No validation, no idempotency key, no rollups, no feed. It is
 * about the least that answering only after a commit costs with this stack (Javalin, Jackson, pgjdbc) on this machine.
 */
public final class BareEndpoint {
    /** The table of the durable variant; the benchmark drops it after the phase. */
    static final String DURABLE_TABLE = "bench_durable_ceiling";
    static final int MOST_PER_COMMIT = 1000;

    private BareEndpoint() {
    }

    public static void main(String[] args) throws SQLException {
        int port = Integer.parseInt(args[0]);
        DurableWriter writer = args.length >= 4 && args[1].equals("durable") ? DurableWriter.start(args[2], args[3])
                : null;
        ObjectMapper mapper = new ObjectMapper();
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jsonMapper(new JavalinJackson(mapper, false));
            cfg.routes.get("/health", ctx -> ctx.result("UP"));
            cfg.routes.post("/v1/marketing/track-event", ctx -> {
                JsonNode body = mapper.readTree(ctx.bodyAsBytes());
                if (!body.isObject() || !body.path("campaign_id").isTextual()
                        || !body.path("event_type").isTextual()) {
                    ctx.status(400).json(Map.of("success", false, "message", "campaign_id and event_type"));
                    return;
                }
                UUID id = UUID.randomUUID();
                if (writer != null) {
                    // The request thread waits for the commit, as a synchronous route would.
                    writer.store(id, body).get(30, TimeUnit.SECONDS);
                }
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("success", true);
                data.put("event_id", id.toString());
                data.put("message", "Event tracked successfully");
                Map<String, Object> envelope = new LinkedHashMap<>();
                envelope.put("success", true);
                envelope.put("data", data);
                ctx.json(envelope);
            });
        });
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "shutdown"));
        app.start("127.0.0.1", port);
    }

    /** One thread that commits every waiting event in one COPY, then completes their requests. */
    private static final class DurableWriter {
        private record Pending(String row, CompletableFuture<Void> committed) {
        }

        private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
        private final CopyManager copy;

        private DurableWriter(Connection connection) throws SQLException {
            this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
        }

        static DurableWriter start(String jdbcUrl, String password) throws SQLException {
            Connection c = DriverManager.getConnection(jdbcUrl, Database.USER, password);
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + DURABLE_TABLE);
                s.execute("CREATE TABLE " + DURABLE_TABLE + " (id uuid NOT NULL, campaign_id uuid NOT NULL, "
                        + "event_type text NOT NULL, audience_segment text, channel text, device_type text, "
                        + "session_id text, client_event_id text, received_at timestamptz NOT NULL)");
            }
            DurableWriter w = new DurableWriter(c);
            Thread t = new Thread(w::run, "durable-writer");
            t.setDaemon(true);
            t.start();
            return w;
        }

        CompletableFuture<Void> store(UUID id, JsonNode event) {
            StringBuilder row = new StringBuilder(200);
            row.append(id).append('\t');
            field(row, event, "campaign_id").append('\t');
            field(row, event, "event_type").append('\t');
            field(row, event, "audience_segment").append('\t');
            field(row, event, "channel").append('\t');
            field(row, event, "device_type").append('\t');
            field(row, event, "session_id").append('\t');
            field(row, event, "event_id").append('\t');
            row.append(Instant.now()).append('\n');
            Pending p = new Pending(row.toString(), new CompletableFuture<>());
            queue.add(p);
            return p.committed;
        }

        /** A field in COPY's text format: {@code \N} when absent; the generator's values need no escaping. */
        private static StringBuilder field(StringBuilder row, JsonNode event, String name) {
            JsonNode v = event.get(name);
            return row.append(v == null || v.isNull() ? "\\N" : v.asText());
        }

        private void run() {
            List<Pending> group = new ArrayList<>(MOST_PER_COMMIT);
            while (true) {
                group.clear();
                try {
                    group.add(queue.take());
                } catch (InterruptedException e) {
                    return;
                }
                queue.drainTo(group, MOST_PER_COMMIT - 1);
                StringBuilder rows = new StringBuilder(group.size() * 200);
                for (Pending p : group) {
                    rows.append(p.row);
                }
                try {
                    // Autocommit: the COPY is its own transaction, committed (synchronous_commit as the server has
                    // it) before copyIn returns.
                    copy.copyIn("COPY " + DURABLE_TABLE + " FROM STDIN", new StringReader(rows.toString()));
                    group.forEach(p -> p.committed.complete(null));
                } catch (SQLException | java.io.IOException | RuntimeException e) {
                    group.forEach(p -> p.committed.completeExceptionally(e));
                }
            }
        }
    }
}
