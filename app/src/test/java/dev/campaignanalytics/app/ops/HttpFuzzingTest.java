package dev.campaignanalytics.app.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.campaignanalytics.http.auth.Permissions;
import dev.campaignanalytics.http.auth.TokenMinter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten thousand generated malformed (and some well-formed) requests against every route of the whole server, over real
 * HTTP and the real PostgreSQL: broken JSON, wrong types, huge texts, nesting thousands of levels deep, invalid UTF-8,
 * NaN, Infinity and negative numbers, dates out of range, server-set fields in bodies, SQL metacharacters, formula
 * prefixes, bad query parameters, forged tokens. No answer may be a 5xx; every request built to be wrong must be a
 * 4xx; a rejected request must leave the database as it was; an accepted one stores what it says; and the server is
 * still ready at the end.
 */
class HttpFuzzingTest {
    static final PostgresTestDatabase db = new PostgresTestDatabase();
    private static final String API = "/v1/marketing";
    private static final String METRICS_TOKEN = "fuzz-metrics-token-0123456789abcdef";
    private static final int TRIES = 10_000;
    /** Requests sent at once, as concurrent clients would. */
    private static final int BATCH = 10;
    private static final int LARGE_BODY_BYTES = 16 * 1024;
    private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static RunningServer server;
    private static String campaign;
    private static String admin;
    private static final AtomicInteger sent = new AtomicInteger();
    private static final Map<String, AtomicInteger> byRoute = new ConcurrentHashMap<>();
    private static final Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
    private static volatile boolean failed;

    @BeforeContainer
    static void startServer() {
        db.truncateAll();
        server = RunningServer.start(db, "ANALYTICS_METRICS", "token", "ANALYTICS_METRICS_TOKEN", METRICS_TOKEN);
        campaign = server.campaign("fuzz target");
        admin = server.app.localAdminToken();
    }

    @AfterContainer
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * One generated request.
     *
     * @param route     the route it is aimed at, for the tally
     * @param mustFail  whether it is built to be wrong, so that only a 4xx is right; otherwise a 2xx is right too
     * @param what      what was done to it, for the report of a failure
     */
    record Fuzz(String route, String method, String path, Map<String, String> headers, byte[] body,
                boolean mustFail, String what) {
        @Override
        public String toString() {
            String shown = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            return method + " " + (path.length() > 300 ? path.substring(0, 300) + "…" : path) + " [" + what + "] "
                    + headers.keySet() + " body(" + body.length + "): " + shown;
        }
    }

    @Property(tries = TRIES / BATCH, shrinking = ShrinkingMode.BOUNDED)
    void noGeneratedRequestGetsA5xxAndARejectedOneWritesNothing(@ForAll("batches") List<Fuzz> batch)
            throws Exception {
        try {
            check(batch);
        } catch (Exception | AssertionError e) {
            failed = true;  // jqwik reports the sample; the checks after the property would only hide it
            throw e;
        }
    }

    /**
     * Sends the batch at once, as concurrent clients would, then checks every answer, and that the database changed
     * by exactly what the accepted requests say they stored: a rejected request that wrote anything would show.
     */
    private static void check(List<Fuzz> batch) throws Exception {
        Snapshot before = snapshot();
        List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
        for (Fuzz fuzz : batch) {
            replies.add(client.sendAsync(request(fuzz), HttpResponse.BodyHandlers.ofString()));
        }
        long accepted = 0;
        long created = 0;
        boolean targetUpdated = false;
        for (int i = 0; i < batch.size(); i++) {
            Fuzz fuzz = batch.get(i);
            HttpResponse<String> reply;
            try {
                reply = replies.get(i).get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // A large body may be refused (401, 413) before it is read, and the connection closed while the
                // client still sends it, so that the client never reads the answer. The server's own count of
                // statuses (checked at the end) still shows every answer it gave; small bodies are always read.
                assertThat(fuzz.body().length).as("%s got no answer: %s", fuzz, e.getCause())
                        .isGreaterThan(LARGE_BODY_BYTES);
                tally(fuzz, 0);
                continue;
            }
            int status = reply.statusCode();
            tally(fuzz, status);
            assertThat(status).as("%s answered %s", fuzz, reply.body()).isBetween(200, 499);
            if (fuzz.mustFail()) {
                assertThat(status).as("%s answered %s", fuzz, reply.body()).isBetween(400, 499);
            }
            boolean json = reply.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
            if (status >= 400 && json) {
                assertThat(RunningServer.json(reply.body()).path("success").asBoolean(true)).as("%s", fuzz)
                        .isFalse();
            }
            if (status < 300 && !fuzz.method().equals("GET")) {
                accepted += acceptedBy(fuzz, reply);
                created += status == 201 ? 1 : 0;
                targetUpdated |= fuzz.method().equals("PUT") && fuzz.path().endsWith(campaign);
            }
        }
        Snapshot after = snapshot();
        assertThat(after.events() - before.events()).as("events stored by %s", batch).isEqualTo(accepted);
        assertThat(after.campaigns() - before.campaigns()).as("campaigns created by %s", batch).isEqualTo(created);
        if (!targetUpdated) {
            assertThat(after.target()).as("the campaign the updates aim at, after %s", batch)
                    .isEqualTo(before.target());
        }
    }

    private static void tally(Fuzz fuzz, int status) {
        sent.incrementAndGet();
        byRoute.computeIfAbsent(fuzz.route(), r -> new AtomicInteger()).incrementAndGet();
        byStatus.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    }

    @AfterProperty
    void everyRouteWasHitAndTheServerIsStillReadyAndConsistent() throws Exception {
        if (failed) {
            return;
        }
        assertThat(sent.get()).isGreaterThanOrEqualTo(TRIES);
        assertThat(byRoute.keySet()).containsAll(ROUTES);
        assertThat(byStatus.keySet()).allMatch(s -> s < 500);
        // what the server says it answered, including answers a client could not read
        HttpResponse<String> metrics = server.send(server.request("/metrics")
                .header("Authorization", "Bearer " + METRICS_TOKEN).GET());
        assertThat(metrics.body().lines().filter(l -> l.startsWith("http_server_requests_seconds_count")))
                .isNotEmpty()
                .noneMatch(l -> l.matches(".*status=\"5\\d\\d\".*"));
        HttpResponse<String> ready = server.get("/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        // the tables that SQL metacharacters aimed at are still there and readable
        assertThat(snapshot().target()).isNotBlank();
        System.out.println("fuzzing: " + sent.get() + " requests, statuses " + new TreeMap<>(byStatus)
                + ", routes " + new TreeMap<>(byRoute));
    }

    // ---- the database ----

    /**
     * What only accepted requests may change: how many events and campaigns are stored, and the one campaign the
     * updates aim at.
     */
    record Snapshot(long events, long campaigns, String target) {
    }

    private static Snapshot snapshot() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT (SELECT count(*) FROM campaign_analytics), "
                     + "(SELECT count(*) FROM marketing_campaigns), "
                     + "(SELECT md5(c::text) FROM marketing_campaigns c WHERE c.id = '" + campaign + "')")) {
            r.next();
            return new Snapshot(r.getLong(1), r.getLong(2), r.getString(3));
        }
    }

    /** How many events a successful request says it stored. */
    private static long acceptedBy(Fuzz fuzz, HttpResponse<String> reply) {
        JsonNode data = RunningServer.json(reply.body()).path("data");
        if (fuzz.route().equals("track-event")) {
            return data.path("duplicate").asBoolean(false) ? 0 : 1;
        }
        return data.path("accepted").asLong(0);
    }

    private static HttpRequest request(Fuzz fuzz) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(fuzz.path())).timeout(Duration.ofSeconds(30))
                .method(fuzz.method(), fuzz.body().length == 0 && fuzz.method().equals("GET")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(fuzz.body()));
        fuzz.headers().forEach(request::header);
        return request.build();
    }

    // ---- generators ----

    static final List<String> ROUTES = List.of("track-event", "track-events", "import", "campaigns-list",
            "campaign-get", "campaign-create", "campaign-update", "report", "summary", "daily", "segmented",
            "compare", "export", "stream", "health", "openapi", "docs", "metrics", "unknown");

    @Provide
    Arbitrary<List<Fuzz>> batches() {
        return requests().list().ofSize(BATCH);
    }

    private Arbitrary<Fuzz> requests() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(14, trackOne()),
                net.jqwik.api.Tuple.of(10, trackMany()),
                net.jqwik.api.Tuple.of(6, imports()),
                net.jqwik.api.Tuple.of(4, campaignList()),
                net.jqwik.api.Tuple.of(3, campaignGet()),
                net.jqwik.api.Tuple.of(6, campaignCreate()),
                net.jqwik.api.Tuple.of(5, campaignUpdate()),
                net.jqwik.api.Tuple.of(12, reports()),
                net.jqwik.api.Tuple.of(4, compare()),
                net.jqwik.api.Tuple.of(3, export()),
                net.jqwik.api.Tuple.of(4, stream()),
                net.jqwik.api.Tuple.of(4, infrastructure()),
                net.jqwik.api.Tuple.of(3, unknownRoutes()));
    }

    // -- tracking --

    /** A valid event, as a map, to be broken. */
    private static Map<String, Object> validEvent() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("campaign_id", campaign);
        e.put("event_type", "click");
        e.put("audience_segment", "seg");
        return e;
    }

    private Arbitrary<Fuzz> trackOne() {
        return Combinators.combine(brokenBody(false), jsonContentType()).as((b, type) ->
                new Fuzz("track-event", "POST", API + "/track-event", headers("Content-Type", type), b.bytes(),
                        b.mustFail() || !type.startsWith("application/json"), b.what()));
    }

    private Arbitrary<Fuzz> trackMany() {
        Arbitrary<Body> wrapped = Arbitraries.oneOf(
                brokenBody(true),
                brokenEvent().list().ofMinSize(1).ofMaxSize(5).map(events -> {
                    StringBuilder json = new StringBuilder("{\"events\":[");
                    boolean fail = true;
                    for (int i = 0; i < events.size(); i++) {
                        json.append(i > 0 ? "," : "").append(events.get(i).text());
                        fail &= events.get(i).mustFail();
                    }
                    // a batch is judged event by event: it fails as a whole only when its body cannot be read
                    return new Body(json.append("]}").toString().getBytes(StandardCharsets.UTF_8), false,
                            "batch of " + events.size() + (fail ? " broken events" : " events"));
                }),
                Arbitraries.of("{\"events\":[]}", "{\"events\":{}}", "{\"events\":null}", "{\"event\":[]}",
                        "{\"events\":\"[]\"}", "[{\"events\":[]}]", "{\"events\":[" + "1,".repeat(1500) + "1]}")
                        .map(s -> new Body(s.getBytes(StandardCharsets.UTF_8), true, "bad batch shape")));
        return Combinators.combine(wrapped, jsonContentType()).as((b, type) ->
                new Fuzz("track-events", "POST", API + "/track-events", headers("Content-Type", type), b.bytes(),
                        b.mustFail() || !type.startsWith("application/json"), b.what()));
    }

    private Arbitrary<Fuzz> imports() {
        Arbitrary<Fuzz> ndjson = brokenEvent().list().ofMinSize(1).ofMaxSize(4).map(events -> {
            StringBuilder lines = new StringBuilder();
            events.forEach(e -> lines.append(e.text().replace("\n", " ")).append('\n'));
            return new Fuzz("import", "POST", API + "/admin/events/import",
                    headers("Content-Type", "application/x-ndjson", "Authorization", "Bearer " + admin),
                    lines.toString().getBytes(StandardCharsets.UTF_8), false, "ndjson import");
        });
        Arbitrary<Fuzz> raw = Combinators.combine(brokenBody(false), tokens(), Arbitraries.of(
                "application/x-ndjson", "application/json", "text/csv", "application/json; charset=latin1")).as(
                (b, token, type) -> new Fuzz("import", "POST", API + "/admin/events/import",
                        withToken(headers("Content-Type", type), token), b.bytes(),
                        token.mustFail() || type.startsWith("text/") || type.contains("latin1"),
                        b.what() + ", " + token.what()));
        return Arbitraries.oneOf(ndjson, raw);
    }

    /** A tracking body: an event broken in one way, or a body broken as JSON. */
    private Arbitrary<Body> brokenBody(boolean batch) {
        return Arbitraries.oneOf(
                brokenEvent().map(e -> new Body(e.text().getBytes(StandardCharsets.UTF_8),
                        e.mustFail() || batch, e.what())),
                brokenJson());
    }

    /** An event, as JSON text, broken in one way (or not at all, with fields the server sets, which are ignored). */
    private Arbitrary<Event> brokenEvent() {
        Arbitrary<String> field = Arbitraries.of("campaign_id", "event_type", "occurred_at", "audience_segment",
                "channel", "device_type", "event_data", "session_id", "user_id", "user_agent", "ip_address",
                "referrer_url", "event_id");
        Arbitrary<Event> wrongValue = Combinators.combine(field, hostileValues()).as((name, value) -> {
            Map<String, Object> e = validEvent();
            e.put(name, value.json());
            return new Event(render(e), value.invalidFor(name), name + "=" + value.what());
        });
        Arbitrary<Event> massAssigned = Arbitraries.of("id", "received_at", "seq", "created_at", "is_deleted",
                "campaign_name", "__proto__", "constructor").map(name -> {
            Map<String, Object> e = validEvent();
            e.put(name, new Raw("\"00000000-0000-0000-0000-000000000001\""));
            return new Event(render(e), false, "server-set field " + name);
        });
        Arbitrary<Event> missing = Arbitraries.of("campaign_id", "event_type").map(name -> {
            Map<String, Object> e = validEvent();
            e.remove(name);
            return new Event(render(e), true, "without " + name);
        });
        Arbitrary<Event> deepData = Arbitraries.integers().between(11, 60).map(depth -> {
            Map<String, Object> e = validEvent();
            e.put("event_data", new Raw("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)));
            return new Event(render(e), true, "event_data " + depth + " deep");
        });
        Arbitrary<Event> bigData = Arbitraries.integers().between(8_200, 60_000).map(size -> {
            Map<String, Object> e = validEvent();
            e.put("event_data", new Raw("{\"p\":\"" + "x".repeat(size) + "\"}"));
            return new Event(render(e), true, "event_data of " + size + " bytes");
        });
        Arbitrary<Event> notAnObject = Arbitraries.of("[]", "1", "\"event\"", "null", "true", "[{}]")
                .map(s -> new Event(s, true, "event is " + s));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, wrongValue),
                net.jqwik.api.Tuple.of(2, massAssigned),
                net.jqwik.api.Tuple.of(2, missing),
                net.jqwik.api.Tuple.of(1, deepData),
                net.jqwik.api.Tuple.of(1, bigData),
                net.jqwik.api.Tuple.of(1, notAnObject));
    }

    /** A JSON text of one event. */
    record Event(String text, boolean mustFail, String what) {
    }

    /** A body, as bytes. */
    record Body(byte[] bytes, boolean mustFail, String what) {
    }

    /** A raw JSON value, written as it is. */
    record Raw(String json) {
    }

    /** A hostile value for a field, and which fields it is wrong for. */
    record Value(Raw json, Set<String> validFor, String what) {
        boolean invalidFor(String field) {
            return !validFor.contains(field);
        }
    }

    private static final Set<String> FREE_TEXTS = Set.of("audience_segment", "channel", "device_type", "session_id",
            "user_agent", "referrer_url", "event_id");

    private Arbitrary<Value> hostileValues() {
        Arbitrary<Value> fixed = Arbitraries.of(
                value("NaN", "NaN"), value("Infinity", "Infinity"), value("-Infinity", "-Infinity"),
                value("-1", "negative number"), value("1e400", "huge number"), value("-0.0", "negative zero"),
                value("123456789012345678901234567890", "big integer"), value("true", "boolean"),
                value("[]", "array"), value("{}", "object", "event_data"), value("[1,2]", "array"),
                value("\"\"", "empty string", union(FREE_TEXTS, "ip_address", "user_id")),
                value("\"2024-13-45T25:61:00Z\"", "impossible date", FREE_TEXTS),
                value("\"+999999999-12-31T23:59:59Z\"", "date at the end of time", FREE_TEXTS),
                value("\"-0001-01-01T00:00:00Z\"", "date before year 0", FREE_TEXTS),
                value("\"1970-01-01T00:00:00Z\"", "date 1970", FREE_TEXTS),
                value("\"9999-12-31T23:59:59Z\"", "date 9999", FREE_TEXTS),
                value("\"2024-05-01\"", "date without time", FREE_TEXTS),
                value("\"'; DROP TABLE campaign_analytics; --\"", "SQL injection", FREE_TEXTS),
                value("\"' OR '1'='1\"", "SQL tautology", FREE_TEXTS),
                value("\"=HYPERLINK(\\\"http://evil.example\\\",\\\"x\\\")\"", "formula", FREE_TEXTS),
                value("\"+cmd|' /C calc'!A0\"", "DDE formula", FREE_TEXTS),
                value("\"@SUM(1+1)\"", "at formula", FREE_TEXTS),
                value("\"-2+3\"", "minus formula", FREE_TEXTS),
                value("\"\\u0000\"", "NUL", Set.of()),
                value("\"\\ud800\"", "lone surrogate", FREE_TEXTS),
                value("\"<script>alert(1)</script>\"", "script tag", FREE_TEXTS),
                value("\"../../etc/passwd\"", "path traversal", FREE_TEXTS),
                value("\"999.999.999.999\"", "bad address", FREE_TEXTS),
                value("\"00000000-0000-0000-0000-000000000000\"", "nil uuid", union(FREE_TEXTS, "user_id")),
                value("{\"$gt\":\"\"}", "operator object", "event_data"),
                value("{\"a\":NaN}", "NaN inside"));
        Arbitrary<Value> huge = Arbitraries.integers().between(3_000, 70_000)
                .map(n -> new Value(new Raw("\"" + "A".repeat(n) + "\""), Set.of(), "text of " + n));
        Arbitrary<Value> unicode = Arbitraries.strings().withCharRange('\u0001', '\uffff').ofMaxLength(40)
                .map(s -> new Value(new Raw(jsonString(s)), FREE_TEXTS, "random text"));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, fixed), net.jqwik.api.Tuple.of(1, huge),
                net.jqwik.api.Tuple.of(2, unicode));
    }

    private static Value value(String json, String what, String... validFor) {
        return new Value(new Raw(json), Set.of(validFor), what);
    }

    private static Set<String> union(Set<String> some, String... more) {
        Set<String> all = new java.util.HashSet<>(some);
        all.addAll(List.of(more));
        return all;
    }

    private static Value value(String json, String what, Set<String> validFor) {
        return new Value(new Raw(json), validFor, what);
    }

    /** Bodies that are not JSON, or JSON of no use: always refused. */
    private Arbitrary<Body> brokenJson() {
        Arbitrary<Body> truncated = Arbitraries.integers().between(0, 60).map(n -> {
            String valid = render(validEvent());
            return bytes(valid.substring(0, Math.min(n, valid.length() - 1)), "truncated after " + n);
        });
        Arbitrary<Body> deep = Arbitraries.integers().between(65, 5_000).flatMap(depth -> Arbitraries.of(
                bytes("[".repeat(depth) + "]".repeat(depth), depth + " arrays deep"),
                bytes("{\"a\":".repeat(depth) + "1" + "}".repeat(depth), depth + " objects deep"),
                bytes("[".repeat(depth), depth + " unclosed arrays")));
        Arbitrary<Body> invalidUtf8 = Arbitraries.of(
                new byte[]{(byte) 0xC3, 0x28}, new byte[]{(byte) 0xFF, (byte) 0xFE},
                new byte[]{(byte) 0xC0, (byte) 0xAF}, new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[]{(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80})
                .map(bad -> {
                    byte[] head = ("{\"campaign_id\":\"" + campaign + "\",\"event_type\":\"click\",\"channel\":\"")
                            .getBytes(StandardCharsets.UTF_8);
                    byte[] tail = "\"}".getBytes(StandardCharsets.UTF_8);
                    byte[] all = new byte[head.length + bad.length + tail.length];
                    System.arraycopy(head, 0, all, 0, head.length);
                    System.arraycopy(bad, 0, all, head.length, bad.length);
                    System.arraycopy(tail, 0, all, head.length + bad.length, tail.length);
                    return new Body(all, true, "invalid UTF-8 " + Base64.getEncoder().encodeToString(bad));
                });
        Arbitrary<Body> garbage = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(200)
                .filter(b -> b[0] != '{' && b[0] != '[' && b[0] != ' ' && b[0] != '\t' && b[0] != '\n'
                        && b[0] != '\r')
                .map(b -> new Body(b, true, "random bytes"));
        Arbitrary<Body> fixed = Arbitraries.of(
                bytes("", "empty body"), bytes("{", "open brace"), bytes("{}}", "trailing brace"),
                bytes("{\"campaign_id\":", "no value"), bytes("{'campaign_id':'x'}", "single quotes"),
                bytes("{\"a\":1,}", "trailing comma"), bytes("{\"a\" 1}", "no colon"),
                bytes("{\"a\":NaN}", "NaN"), bytes("{\"a\":Infinity}", "Infinity"), bytes("{\"a\":-Infinity}", "-Inf"),
                bytes("{\"a\":01}", "leading zero"), bytes("{\"a\":1}{\"b\":2}", "two documents"),
                bytes("/* c */{}", "comment"), new Body("\uFEFF{}".getBytes(StandardCharsets.UTF_8), false, "byte order mark"), bytes("null", "null"),
                bytes("\"text\"", "string"), bytes("12", "number"),
                bytes("{\"" + "k".repeat(5_000) + "\":1}", "huge key"),
                bytes("{\"a\":\"" + "b".repeat(70_000) + "\"}", "text past the reader's limit"),
                bytes("x".repeat(1_100_000), "body over 1 MB"));
        return Arbitraries.oneOf(truncated, deep, invalidUtf8, garbage, fixed);
    }

    private static Body bytes(String text, String what) {
        return new Body(text.getBytes(StandardCharsets.UTF_8), true, what);
    }

    private Arbitrary<String> jsonContentType() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, Arbitraries.just("application/json")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("text/plain", "application/xml", "application/json; "
                        + "charset=utf-16", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
                        "", "*/*")));
    }

    // -- campaigns --

    private Arbitrary<Fuzz> campaignList() {
        return Combinators.combine(query(Map.of(
                "limit", List.of("0", "-1", "201", "abc", "1e3", "2147483648", "50", " 5", "NaN"),
                "offset", List.of("-1", "x", "99999999999", "0", "10"),
                "is_active", List.of("maybe", "TRUE", "1", "true"),
                "q", List.of("'; DROP TABLE campaigns; --", "%", "_", "\\", "=1+1", "\u0000", "a".repeat(5000)))),
                tokens()).as((q, token) -> new Fuzz("campaigns-list", "GET", API + "/admin/campaigns" + q.text(),
                withToken(headers(), token), new byte[0], q.mustFail() || token.mustFail(), q.what() + token.what()));
    }

    private Arbitrary<Fuzz> campaignGet() {
        return Combinators.combine(pathIds(), tokens()).as((id, token) -> new Fuzz("campaign-get", "GET",
                API + "/admin/campaigns/" + id, withToken(headers(), token), new byte[0], true,
                "id " + id + token.what()));
    }

    /** Path segments that are no campaign's id. */
    private Arbitrary<String> pathIds() {
        return Arbitraries.of("x", "1", "-1", "00000000-0000-0000-0000-000000000000",
                "11111111-1111-1111-1111-111111111111", "%00", "%27%3B%20DROP%20TABLE%20campaigns%3B--", "..%2F..",
                "%C0%AF", "%E2%80%AE", "a".repeat(3000), "%7Bid%7D", "%7B%7D", "null");
    }

    private Arbitrary<Fuzz> campaignCreate() {
        // Hostile names may well be valid names (SQL and formulas are just text): stored, or refused, never a 5xx.
        Arbitrary<Body> hostile = Combinators.combine(Arbitraries.of("campaign_name", "template_type", "is_active"),
                hostileValues()).as((field, value) -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("campaign_name", new Raw("\"fuzz\""));
                    body.put(field, value.json());
                    return new Body(render(body).getBytes(StandardCharsets.UTF_8), false,
                            "campaign " + field + "=" + value.what());
                });
        Arbitrary<Body> massAssigned = Arbitraries.of("id", "created_at", "updated_at", "seq", "received_at",
                "is_deleted").map(f -> bytes("{\"campaign_name\":\"fuzz\",\"" + f + "\":\"2020-01-01T00:00:00Z\"}",
                "campaign with server-set field " + f));
        Arbitrary<Body> body = Arbitraries.oneOf(hostile, massAssigned, brokenJson());
        return Combinators.combine(body, tokens()).as((b, token) -> new Fuzz("campaign-create", "POST",
                API + "/admin/campaigns", withToken(headers("Content-Type", "application/json"), token), b.bytes(),
                b.mustFail() || token.mustFail(), b.what() + token.what()));
    }

    private Arbitrary<Fuzz> campaignUpdate() {
        Arbitrary<Body> body = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of("campaign_name", "is_active"), Arbitraries.of("null", "1", "[]",
                        "{}", "\"\"", "\"" + "n".repeat(10_000) + "\"")).as((f, v) ->
                        bytes("{\"" + f + "\":" + v + "}", "update " + f + "=" + v.substring(0, Math.min(12,
                                v.length())))),
                Arbitraries.of("id", "created_at", "seq", "received_at").map(f ->
                        bytes("{\"" + f + "\":\"x\"}", "update of server-set " + f)),
                brokenJson());
        Arbitrary<String> target = Arbitraries.oneOf(Arbitraries.just("TARGET"), pathIds());
        return Combinators.combine(body, target, tokens()).as((b, id, token) -> {
            String path = API + "/admin/campaigns/" + (id.equals("TARGET") ? campaign : id);
            return new Fuzz("campaign-update", "PUT", path,
                    withToken(headers("Content-Type", "application/json"), token), b.bytes(),
                    b.mustFail() || token.mustFail() || !id.equals("TARGET"), b.what() + ", id " + id + token.what());
        });
    }

    // -- reports --

    private static final Map<String, List<String>> REPORT_PARAMS = Map.of(
            "date_range", List.of("7d", "8d", "0d", "-7d", "1000y", "'", ""),
            "start_date", List.of("0000-01-01", "-999999999-01-01", "+999999999-12-31", "2024-02-30", "1899-12-31",
                    "2024-05-01", "yesterday", "2024-05-01T00:00:00Z"),
            "end_date", List.of("3000-01-01", "9999-12-31", "2024-04-01", "2024-05-07", "2024-13-01"),
            "group_by", List.of("fortnight", "DAY", "week", "' OR 1=1"),
            "tz", List.of("Mars/Olympus", "UTC+25", "../../etc/passwd", "Europe/Berlin", "+14:00", "-18:01"),
            "metrics", List.of("ctr,ctr", "nope", "", "total_views"),
            "audience_segment", List.of("'; DROP TABLE campaign_analytics; --", "=1+1", "\u0000", "x".repeat(4000)),
            "grop_by", List.of("week"),
            "segment_by", List.of("channel", "password", ""));

    private Arbitrary<Fuzz> reports() {
        Arbitrary<String> route = Arbitraries.of("", "/summary", "/daily", "/segmented");
        Arbitrary<String> id = Arbitraries.oneOf(Arbitraries.just("TARGET"), pathIds());
        return Combinators.combine(route, id, query(REPORT_PARAMS), tokens()).as((r, i, q, token) -> {
            String name = r.isEmpty() ? "report" : r.substring(1);
            boolean bad = q.mustFail() || token.mustFail() || !i.equals("TARGET");
            return new Fuzz(name, "GET", API + "/admin/analytics/campaigns/" + (i.equals("TARGET") ? campaign : i)
                    + r + q.text(), withToken(headers(), token), new byte[0], bad, q.what() + token.what());
        });
    }

    private Arbitrary<Fuzz> compare() {
        Map<String, List<String>> params = new LinkedHashMap<>(REPORT_PARAMS);
        params.put("campaign_ids", List.of("", "x,y", "TARGET", "TARGET,TARGET", "TARGET," + "1,".repeat(500),
                "TARGET,00000000-0000-0000-0000-000000000000", "'; --"));
        return Combinators.combine(query(params), tokens()).as((q, token) -> new Fuzz("compare", "GET",
                API + "/admin/analytics/compare" + q.text().replace("TARGET", campaign), withToken(headers(), token),
                new byte[0], q.mustFail() || token.mustFail(), q.what() + token.what()));
    }

    private Arbitrary<Fuzz> export() {
        Map<String, List<String>> params = new LinkedHashMap<>(REPORT_PARAMS);
        params.put("type", List.of("daily", "raw", "exe", "comparison", "segmented", ""));
        params.put("format", List.of("csv", "xlsx", "pdf", "CSV", "../x"));
        params.put("campaign_id", List.of("TARGET", "x", "00000000-0000-0000-0000-000000000000"));
        return Combinators.combine(query(params), tokens()).as((q, token) -> new Fuzz("export", "GET",
                API + "/admin/analytics/export" + q.text().replace("TARGET", campaign), withToken(headers(), token),
                new byte[0], q.mustFail() || token.mustFail(), q.what() + token.what()));
    }

    private Arbitrary<Fuzz> stream() {
        Map<String, List<String>> params = Map.of(
                "limit", List.of("0", "501", "-5", "abc", "10", "99999999999"),
                "last_updated", List.of("yesterday", "2024-05-01", "+999999999-12-31T23:59:59Z", "1970-01-01T00:00:00Z"),
                "campaign_id", List.of("x", "TARGET", "00000000-0000-0000-0000-000000000000"),
                "last_event_id", List.of("-1", "x", "99999999999999999999"));
        Arbitrary<Fuzz> polled = Combinators.combine(query(params), tokens()).as((q, token) -> new Fuzz("stream",
                "GET", API + "/admin/analytics/stream" + q.text().replace("TARGET", campaign),
                withToken(headers(), token), new byte[0], q.mustFail() || token.mustFail(), q.what() + token.what()));
        // A stream with good credentials never ends by itself, so streams are only asked for with bad ones.
        Arbitrary<Fuzz> streamed = badTokens().map(token -> new Fuzz("stream", "GET", API
                + "/admin/analytics/stream" + (token.header() == null ? "?access_token=" + enc(token.what()) : ""),
                withToken(headers("Accept", "text/event-stream"), token), new byte[0], true,
                "event stream, " + token.what()));
        return Arbitraries.oneOf(polled, streamed);
    }

    // -- infrastructure --

    private Arbitrary<Fuzz> infrastructure() {
        Arbitrary<String> path = Arbitraries.of("/health", "/health/live", "/health/ready", "/openapi.json", "/docs",
                "/metrics", "/docs/swagger-ui/swagger-ui-bundle.js", "/docs/swagger-ui/index.html",
                "/docs/swagger-ui/..%2F..%2Fpom.properties", "/metrics?access_token=x");
        Arbitrary<String> method = Arbitraries.of("GET", "GET", "GET", "POST", "PUT", "DELETE", "PATCH");
        Arbitrary<String> auth = Arbitraries.of("none", "metrics", "forged", "garbage");
        return Combinators.combine(path, method, auth).as((p, m, a) -> {
            Map<String, String> h = headers();
            switch (a) {
                case "metrics" -> h.put("Authorization", "Bearer " + METRICS_TOKEN);
                case "forged" -> h.put("Authorization", "Bearer " + METRICS_TOKEN + "x");
                case "garbage" -> h.put("Authorization", "Bearer \u00ff\u00fe");
                default -> { }
            }
            String route = p.startsWith("/health") ? "health" : p.startsWith("/openapi") ? "openapi"
                    : p.startsWith("/docs") ? "docs" : "metrics";
            boolean bad = !m.equals("GET") || p.contains("..") || p.endsWith("index.html")
                    || (route.equals("metrics") && !a.equals("metrics"));
            return new Fuzz(route, m, p, h, m.equals("GET") ? new byte[0] : "{}".getBytes(StandardCharsets.UTF_8),
                    bad, m + " " + a);
        });
    }

    private Arbitrary<Fuzz> unknownRoutes() {
        return Arbitraries.of(API + "/track-event/x", API + "/admin", API + "/admin/campaigns/x/y", "/v2/marketing",
                "/%2e%2e/%2e%2e/etc/passwd", "/" + "a/".repeat(2000), API + "/admin/analytics/campaigns",
                "/v1/marketing/TRACK-EVENT", "/.env", "/WEB-INF/web.xml", "/%00")
                .map(p -> new Fuzz("unknown", "GET", p, headers(), new byte[0], true, "unknown route"));
    }

    // -- query strings and tokens --

    /** A query string of up to 4 parameters picked from {@code params}, with values both sensible and hostile. */
    record Query(String text, boolean mustFail, String what) {
    }

    private Arbitrary<Query> query(Map<String, List<String>> params) {
        List<String> names = new ArrayList<>(new TreeMap<>(params).keySet());
        Arbitrary<String> one = Arbitraries.of(names).flatMap(name ->
                Arbitraries.of(params.get(name)).map(value -> enc(name) + "=" + enc(value)));
        Arbitrary<String> unknown = Arbitraries.of("x=1", "limit=1&limit=2", "%00=1", "a[]=1", "=", "&&&",
                "date_range=7d&date_range=30d");
        return Arbitraries.oneOf(one, one, one, unknown).list().ofMinSize(1).ofMaxSize(4).map(parts -> {
            String q = "?" + String.join("&", parts);
            // most combinations are wrong; a few are fine, so any 2xx or 4xx is right, never a 5xx
            return new Query(q, false, "query " + (q.length() > 120 ? q.substring(0, 120) : q));
        });
    }

    /** A credential, good or bad. */
    record Token(String header, boolean mustFail, String what) {
    }

    private Arbitrary<Token> tokens() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just(new Token("Bearer " + admin, false, ""))),
                net.jqwik.api.Tuple.of(1, badTokens()));
    }

    private Arbitrary<Token> badTokens() {
        String[] parts = admin.split("\\.");
        String forgedSignature = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(new byte[32]);
        String algNone = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
        String otherSecret = TokenMinter.mint("another-secret-0123456789-abcdefghijklmnop", "x",
                Permissions.SUPER_ADMIN, List.of(), Duration.ofMinutes(5), null, null, Clock.systemUTC());
        String expired = TokenMinter.mint(RunningServer.SECRET, "x", Permissions.SUPER_ADMIN, List.of(),
                Duration.ofMinutes(5), null, null, Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)));
        String noPermission = RunningServer.token("marketing_admin");
        String notAdmin = RunningServer.token("viewer", Permissions.ALL.toArray(String[]::new));
        return Arbitraries.of(
                new Token(null, true, "no token"),
                new Token("Bearer", true, "empty bearer"),
                new Token("Bearer x.y.z", true, "garbage token"),
                new Token("Bearer " + forgedSignature, true, "zero signature"),
                new Token("Bearer " + algNone, true, "alg none"),
                new Token("Bearer " + otherSecret, true, "other secret"),
                new Token("Bearer " + expired, true, "expired"),
                new Token("Bearer " + noPermission, true, "no permission"),
                new Token("Bearer " + notAdmin, true, "not an admin"),
                new Token("Basic YWRtaW46YWRtaW4=", true, "basic auth"),
                new Token("Bearer " + admin + admin, true, "doubled token"),
                new Token("Bearer " + "a".repeat(20_000), true, "huge token"),
                new Token("Bearer " + parts[0] + "." + parts[1] + "'--." + parts[2], true, "SQL in token"));
    }

    // -- helpers --

    private static Map<String, String> headers(String... pairs) {
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (!pairs[i + 1].isEmpty()) {
                h.put(pairs[i], pairs[i + 1]);
            }
        }
        return h;
    }

    private static Map<String, String> withToken(Map<String, String> headers, Token token) {
        if (token.header() != null) {
            headers.put("Authorization", token.header());
        }
        return headers;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String jsonString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\' || c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String render(Map<String, Object> fields) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((k, v) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(jsonString(k)).append(':').append(v instanceof Raw r ? r.json() : jsonString((String) v));
        });
        return json.append('}').toString();
    }
}
