package dev.campaignanalytics.app.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.campaignanalytics.http.auth.Permissions;
import dev.campaignanalytics.http.auth.TokenMinter;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten thousand generated malformed (and some well-formed) requests against every route of the whole server, over real
 * HTTP and the real PostgreSQL: broken JSON, wrong types, huge texts, nesting thousands of levels deep, invalid UTF-8,
 * NaN, Infinity and negative numbers, dates out of range, server-set fields in bodies, SQL metacharacters, formula
 * prefixes, bad query parameters, forged tokens. No answer may be a 5xx; every request built to be wrong must be a
 * 4xx; a rejected request must leave the database as it was; an accepted one stores what it says; and the server is
 * still ready at the end.
 *
 * <p>The requests come from a {@link SplittableRandom} with a fixed seed, so every run sends the same sequence; a
 * failure names the seed and the batch, and {@code -Dfuzz.seed=N} runs another sequence (or repeats a reported one).
 */
class HttpFuzzingTest {
    static final PostgresTestDatabase db = new PostgresTestDatabase();
    private static final String API = "/v1/marketing";
    private static final String METRICS_TOKEN = "fuzz-metrics-token-0123456789abcdef";
    private static final long DEFAULT_SEED = 20_260_509L;
    private static final int TRIES = 10_000;
    /** Requests sent at once, as concurrent clients would. */
    private static final int BATCH = 10;
    private static final int LARGE_BODY_BYTES = 16 * 1024;
    private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /**
     * Large bodies go through a client of their own: the server may close their connections before reading them,
     * and a closed connection must never be handed back to the small requests, which always get an answer.
     */
    private static final HttpClient largeBodyClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static RunningServer server;
    private static String campaign;
    private static String admin;
    private final AtomicInteger sent = new AtomicInteger();
    private final Map<String, AtomicInteger> byRoute = new TreeMap<>();
    private final Map<Integer, AtomicInteger> byStatus = new TreeMap<>();

    @BeforeAll
    static void startServer() {
        db.truncateAll();
        server = RunningServer.start(db, "ANALYTICS_METRICS", "token", "ANALYTICS_METRICS_TOKEN", METRICS_TOKEN);
        campaign = server.campaign("fuzz target");
        admin = server.app.localAdminToken();
    }

    @AfterAll
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

    @Test
    void noGeneratedRequestGetsA5xxAndARejectedOneWritesNothing() throws Exception {
        long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
        SplittableRandom random = new SplittableRandom(seed);
        Gen<Fuzz> requests = requests();
        for (int batch = 0; batch < TRIES / BATCH; batch++) {
            List<Fuzz> fuzzes = requests.list(BATCH, BATCH).next(random);
            try {
                check(fuzzes);
            } catch (AssertionError e) {
                throw new AssertionError("fuzzing with seed " + seed + " failed in batch " + (batch + 1) + " of "
                        + TRIES / BATCH + " (repeat with -Dfuzz.seed=" + seed + "): " + e.getMessage(), e);
            }
        }
        everyRouteWasHitAndTheServerIsStillReadyAndConsistent(seed);
    }

    /**
     * Sends the batch at once, as concurrent clients would, then checks every answer, and that the database changed
     * by exactly what the accepted requests say they stored: a rejected request that wrote anything would show.
     */
    private void check(List<Fuzz> batch) throws Exception {
        Snapshot before = snapshot();
        List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
        for (Fuzz fuzz : batch) {
            HttpClient sender = fuzz.body().length > LARGE_BODY_BYTES ? largeBodyClient : client;
            replies.add(sender.sendAsync(request(fuzz), HttpResponse.BodyHandlers.ofString()));
        }
        long accepted = 0;
        long created = 0;
        boolean targetUpdated = false;
        // the requests of the batch that may write, with their answers, to name in a failed count
        List<String> writes = new ArrayList<>();
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
                writes.add("no answer <- " + fuzz);
                continue;
            }
            int status = reply.statusCode();
            tally(fuzz, status);
            if (!fuzz.method().equals("GET")) {
                writes.add(status + " <- " + fuzz);
            }
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
        String answers = String.join("\n", writes);
        assertThat(after.events() - before.events()).as("events stored by the batch's writes%n%s", answers)
                .isEqualTo(accepted);
        assertThat(after.campaigns() - before.campaigns()).as("campaigns created by the batch's writes%n%s", answers)
                .isEqualTo(created);
        if (!targetUpdated) {
            assertThat(after.target()).as("the campaign the updates aim at, after the batch's writes%n%s", answers)
                    .isEqualTo(before.target());
        }
    }

    private void tally(Fuzz fuzz, int status) {
        sent.incrementAndGet();
        byRoute.computeIfAbsent(fuzz.route(), r -> new AtomicInteger()).incrementAndGet();
        byStatus.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    }

    private void everyRouteWasHitAndTheServerIsStillReadyAndConsistent(long seed) throws Exception {
        System.out.println("fuzzing with seed " + seed + ": " + sent.get() + " requests, statuses " + byStatus
                + ", routes " + byRoute);
        assertThat(sent.get()).isGreaterThanOrEqualTo(TRIES);
        assertThat(byRoute.keySet()).containsAll(ROUTES);
        assertThat(byStatus.keySet()).allMatch(s -> s < 500);
        // what the server says it answered, including answers a client could not read
        HttpResponse<String> metrics = server.send(server.request("/metrics")
                .header("Authorization", "Bearer " + METRICS_TOKEN).GET());
        assertThat(metrics.body().lines().filter(l -> l.startsWith("http_server_requests_seconds_count")))
                .as("the server's own count of answers, by status")
                .isNotEmpty()
                .noneMatch(l -> l.matches(".*status=\"5\\d\\d\".*"));
        HttpResponse<String> ready = server.get("/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        // the tables that SQL metacharacters aimed at are still there and readable
        assertThat(snapshot().target()).isNotBlank();
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

    // ---- generation ----

    /** Makes one value from the random source; the same source in the same state makes the same value. */
    @FunctionalInterface
    interface Gen<T> {
        T next(SplittableRandom random);

        default <U> Gen<U> map(Function<? super T, ? extends U> f) {
            return r -> f.apply(next(r));
        }

        /** Between {@code min} and {@code max} values, both inclusive. */
        default Gen<List<T>> list(int min, int max) {
            return r -> {
                int n = min + r.nextInt(max - min + 1);
                List<T> values = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    values.add(next(r));
                }
                return values;
            };
        }
    }

    /** One of {@code values}, each as likely. */
    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        return ofList(List.of(values));
    }

    static <T> Gen<T> ofList(List<T> values) {
        List<T> copy = List.copyOf(values);
        return r -> copy.get(r.nextInt(copy.size()));
    }

    static <T> Gen<T> just(T value) {
        return r -> value;
    }

    /** From {@code min} to {@code max}, both inclusive. */
    static Gen<Integer> between(int min, int max) {
        return r -> r.nextInt(min, max + 1);
    }

    /** One of {@code gens}, each as likely. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        List<Gen<? extends T>> all = List.of(gens);
        return r -> all.get(r.nextInt(all.size())).next(r);
    }

    /** A generator picked with the likelihood {@code weight} / (sum of all weights). */
    record Weighted<T>(int weight, Gen<? extends T> gen) {
    }

    static <T> Weighted<T> w(int weight, Gen<? extends T> gen) {
        return new Weighted<>(weight, gen);
    }

    @SafeVarargs
    static <T> Gen<T> frequency(Weighted<T>... options) {
        List<Weighted<T>> all = List.of(options);
        int total = all.stream().mapToInt(Weighted::weight).sum();
        return r -> {
            int pick = r.nextInt(total);
            for (Weighted<T> option : all) {
                pick -= option.weight();
                if (pick < 0) {
                    return option.gen().next(r);
                }
            }
            throw new IllegalStateException("weights add up to " + total);
        };
    }

    static final List<String> ROUTES = List.of("track-event", "track-events", "import", "campaigns-list",
            "campaign-get", "campaign-create", "campaign-update", "report", "summary", "daily", "segmented",
            "compare", "export", "stream", "health", "openapi", "docs", "metrics", "unknown");

    /** Built once, after the server is up: the generators name its campaign and tokens. */
    private Gen<Fuzz> requests() {
        return frequency(
                w(14, trackOne()),
                w(10, trackMany()),
                w(6, imports()),
                w(4, campaignList()),
                w(3, campaignGet()),
                w(6, campaignCreate()),
                w(5, campaignUpdate()),
                w(12, reports()),
                w(4, compare()),
                w(3, export()),
                w(4, stream()),
                w(4, infrastructure()),
                w(3, unknownRoutes()));
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

    private Gen<Fuzz> trackOne() {
        return trackingPost("track-event", API + "/track-event", brokenBody(false));
    }

    /** A public tracking POST of {@code body}; it must fail when the body must, or when it is not sent as JSON. */
    private Gen<Fuzz> trackingPost(String name, String path, Gen<Body> body) {
        Gen<String> type = jsonContentType();
        return r -> {
            Body b = body.next(r);
            String t = type.next(r);
            return new Fuzz(name, "POST", path, headers("Content-Type", t), b.bytes(),
                    b.mustFail() || !t.equals("application/json"), b.what());
        };
    }

    private Gen<Fuzz> trackMany() {
        Gen<List<Event>> events = brokenEvent().list(1, 5);
        Gen<Body> wrapped = oneOf(
                brokenBody(true),
                events.map(list -> {
                    StringBuilder json = new StringBuilder("{\"events\":[");
                    boolean fail = true;
                    for (int i = 0; i < list.size(); i++) {
                        json.append(i > 0 ? "," : "").append(list.get(i).text());
                        fail &= list.get(i).mustFail();
                    }
                    // a batch is judged event by event: it fails as a whole only when its body cannot be read
                    return new Body(json.append("]}").toString().getBytes(StandardCharsets.UTF_8), false,
                            "batch of " + list.size() + (fail ? " broken events" : " events"));
                }),
                of("{\"events\":[]}", "{\"events\":{}}", "{\"events\":null}", "{\"event\":[]}",
                        "{\"events\":\"[]\"}", "[{\"events\":[]}]", "{\"events\":[" + "1,".repeat(1500) + "1]}")
                        .map(s -> new Body(s.getBytes(StandardCharsets.UTF_8), true, "bad batch shape")));
        return trackingPost("track-events", API + "/track-events", wrapped);
    }

    private Gen<Fuzz> imports() {
        Gen<Fuzz> ndjson = brokenEvent().list(1, 4).map(events -> {
            StringBuilder lines = new StringBuilder();
            events.forEach(e -> lines.append(e.text().replace("\n", " ")).append('\n'));
            return new Fuzz("import", "POST", API + "/admin/events/import",
                    headers("Content-Type", "application/x-ndjson", "Authorization", "Bearer " + admin),
                    lines.toString().getBytes(StandardCharsets.UTF_8), false, "ndjson import");
        });
        Gen<Body> body = brokenBody(false);
        Gen<Token> tokens = tokens();
        // mostly the two types the import reads, so that the bodies reach its parser; now and then one it refuses
        Gen<String> types = frequency(w(10, of("application/x-ndjson", "application/json")),
                w(1, of("text/csv", "application/json; charset=latin1")));
        Gen<Fuzz> raw = r -> {
            Body b = body.next(r);
            Token token = tokens.next(r);
            String type = types.next(r);
            return new Fuzz("import", "POST", API + "/admin/events/import",
                    withToken(headers("Content-Type", type), token), b.bytes(),
                    token.mustFail() || type.startsWith("text/") || type.contains("latin1"),
                    b.what() + ", " + token.what());
        };
        return oneOf(ndjson, raw);
    }

    /** A tracking body: an event broken in one way, or a body broken as JSON. */
    private Gen<Body> brokenBody(boolean batch) {
        return oneOf(
                brokenEvent().map(e -> new Body(e.text().getBytes(StandardCharsets.UTF_8),
                        e.mustFail() || batch, e.what())),
                brokenJson());
    }

    /** An event, as JSON text, broken in one way (fields the server sets or does not know are mistakes too). */
    private Gen<Event> brokenEvent() {
        Gen<String> field = of("campaign_id", "event_type", "occurred_at", "audience_segment",
                "channel", "device_type", "event_data", "session_id", "user_id", "user_agent", "ip_address",
                "referrer_url", "event_id");
        Gen<Value> values = hostileValues();
        Gen<Event> wrongValue = r -> {
            String name = field.next(r);
            Value value = values.next(r);
            Map<String, Object> e = validEvent();
            e.put(name, value.json());
            return new Event(render(e), value.invalidFor(name), name + "=" + value.what());
        };
        Gen<Event> massAssigned = of("id", "received_at", "seq", "created_at", "is_deleted",
                "campaign_name", "__proto__", "constructor").map(name -> {
            Map<String, Object> e = validEvent();
            e.put(name, new Raw("\"00000000-0000-0000-0000-000000000001\""));
            return new Event(render(e), true, "server-set or unknown field " + name);
        });
        Gen<Event> missing = of("campaign_id", "event_type").map(name -> {
            Map<String, Object> e = validEvent();
            e.remove(name);
            return new Event(render(e), true, "without " + name);
        });
        Gen<Event> deepData = between(11, 60).map(depth -> {
            Map<String, Object> e = validEvent();
            e.put("event_data", new Raw("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)));
            return new Event(render(e), true, "event_data " + depth + " deep");
        });
        Gen<Event> bigData = between(8_200, 60_000).map(size -> {
            Map<String, Object> e = validEvent();
            e.put("event_data", new Raw("{\"p\":\"" + "x".repeat(size) + "\"}"));
            return new Event(render(e), true, "event_data of " + size + " bytes");
        });
        Gen<Event> notAnObject = of("[]", "1", "\"event\"", "null", "true", "[{}]")
                .map(s -> new Event(s, true, "event is " + s));
        return frequency(
                w(10, wrongValue),
                w(2, massAssigned),
                w(2, missing),
                w(1, deepData),
                w(1, bigData),
                w(1, notAnObject));
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

    private Gen<Value> hostileValues() {
        Gen<Value> fixed = of(
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
        Gen<Value> huge = between(3_000, 70_000)
                .map(n -> new Value(new Raw("\"" + "A".repeat(n) + "\""), Set.of(), "text of " + n));
        // any UTF-16 unit but NUL, lone surrogates included (they are sent as '?')
        Gen<Value> unicode = r -> {
            char[] text = new char[r.nextInt(41)];
            for (int i = 0; i < text.length; i++) {
                text[i] = (char) r.nextInt(1, 0x10000);
            }
            return new Value(new Raw(jsonString(new String(text))), FREE_TEXTS, "random text");
        };
        return frequency(w(8, fixed), w(1, huge), w(2, unicode));
    }

    private static Value value(String json, String what, String... validFor) {
        return new Value(new Raw(json), Set.of(validFor), what);
    }

    private static Set<String> union(Set<String> some, String... more) {
        Set<String> all = new HashSet<>(some);
        all.addAll(List.of(more));
        return all;
    }

    private static Value value(String json, String what, Set<String> validFor) {
        return new Value(new Raw(json), validFor, what);
    }

    /** Bodies that are not JSON, or JSON of no use: always refused. */
    private Gen<Body> brokenJson() {
        String valid = render(validEvent());
        Gen<Body> truncated = between(0, 60)
                .map(n -> bytes(valid.substring(0, Math.min(n, valid.length() - 1)), "truncated after " + n));
        // as often past a thousand levels as below
        Gen<Integer> depths = oneOf(between(65, 999), between(1_000, 5_000));
        Gen<Body> deep = r -> {
            int depth = depths.next(r);
            return switch (r.nextInt(3)) {
                case 0 -> bytes("[".repeat(depth) + "]".repeat(depth), depth + " arrays deep");
                case 1 -> bytes("{\"a\":".repeat(depth) + "1" + "}".repeat(depth), depth + " objects deep");
                default -> bytes("[".repeat(depth), depth + " unclosed arrays");
            };
        };
        byte[] head = ("{\"campaign_id\":\"" + campaign + "\",\"event_type\":\"click\",\"channel\":\"")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\"}".getBytes(StandardCharsets.UTF_8);
        Gen<Body> invalidUtf8 = of(
                new byte[]{(byte) 0xC3, 0x28}, new byte[]{(byte) 0xFF, (byte) 0xFE},
                new byte[]{(byte) 0xC0, (byte) 0xAF}, new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[]{(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80})
                .map(bad -> {
                    byte[] all = new byte[head.length + bad.length + tail.length];
                    System.arraycopy(head, 0, all, 0, head.length);
                    System.arraycopy(bad, 0, all, head.length, bad.length);
                    System.arraycopy(tail, 0, all, head.length + bad.length, tail.length);
                    return new Body(all, true, "invalid UTF-8 " + Base64.getEncoder().encodeToString(bad));
                });
        // random bytes that do not start like a JSON document (nor with the blanks allowed before one)
        Gen<Body> garbage = r -> {
            byte[] b = new byte[r.nextInt(1, 201)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) r.nextInt(256);
            }
            while (b[0] == '{' || b[0] == '[' || b[0] == ' ' || b[0] == '\t' || b[0] == '\n' || b[0] == '\r') {
                b[0] = (byte) r.nextInt(256);
            }
            return new Body(b, true, "random bytes");
        };
        Gen<Body> fixed = of(
                bytes("", "empty body"), bytes("{", "open brace"), bytes("{}}", "trailing brace"),
                bytes("{\"campaign_id\":", "no value"), bytes("{'campaign_id':'x'}", "single quotes"),
                bytes("{\"a\":1,}", "trailing comma"), bytes("{\"a\" 1}", "no colon"),
                bytes("{\"a\":NaN}", "NaN"), bytes("{\"a\":Infinity}", "Infinity"), bytes("{\"a\":-Infinity}", "-Inf"),
                bytes("{\"a\":01}", "leading zero"), bytes("{\"a\":1}{\"b\":2}", "two documents"),
                bytes("/* c */{}", "comment"),
                new Body("\uFEFF{}".getBytes(StandardCharsets.UTF_8), false, "byte order mark"), bytes("null", "null"),
                bytes("\"text\"", "string"), bytes("12", "number"),
                bytes("{\"" + "k".repeat(5_000) + "\":1}", "huge key"),
                bytes("{\"a\":\"" + "b".repeat(70_000) + "\"}", "text past the reader's limit"),
                bytes("x".repeat(1_100_000), "body over 1 MB"));
        return oneOf(truncated, deep, invalidUtf8, garbage, fixed);
    }

    private static Body bytes(String text, String what) {
        return new Body(text.getBytes(StandardCharsets.UTF_8), true, what);
    }

    /**
     * Mostly JSON, so that the bodies reach the parser and the validators; now and then a type the JSON routes refuse
     * (415), or none.
     */
    private Gen<String> jsonContentType() {
        return frequency(
                w(30, just("application/json")),
                w(1, of("text/plain", "application/xml", "application/json; charset=utf-16",
                        "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "", "*/*")));
    }

    // -- campaigns --

    private Gen<Fuzz> campaignList() {
        Gen<Query> query = query(Map.of(
                "limit", List.of("0", "-1", "201", "abc", "1e3", "2147483648", "50", " 5", "NaN"),
                "offset", List.of("-1", "x", "99999999999", "0", "10"),
                "is_active", List.of("maybe", "TRUE", "1", "true"),
                "q", List.of("'; DROP TABLE campaigns; --", "%", "_", "\\", "=1+1", "\u0000", "a".repeat(5000))));
        Gen<Token> tokens = tokens();
        return r -> {
            Query q = query.next(r);
            Token token = tokens.next(r);
            return new Fuzz("campaigns-list", "GET", API + "/admin/campaigns" + q.text(), withToken(headers(), token),
                    new byte[0], q.mustFail() || token.mustFail(), q.what() + token.what());
        };
    }

    private Gen<Fuzz> campaignGet() {
        Gen<String> ids = pathIds();
        Gen<Token> tokens = tokens();
        return r -> {
            String id = ids.next(r);
            Token token = tokens.next(r);
            return new Fuzz("campaign-get", "GET", API + "/admin/campaigns/" + id, withToken(headers(), token),
                    new byte[0], true, "id " + id + token.what());
        };
    }

    /** Path segments that are no campaign's id. */
    private Gen<String> pathIds() {
        return of("x", "1", "-1", "00000000-0000-0000-0000-000000000000",
                "11111111-1111-1111-1111-111111111111", "%00", "%27%3B%20DROP%20TABLE%20campaigns%3B--", "..%2F..",
                "%C0%AF", "%E2%80%AE", "a".repeat(3000), "%7Bid%7D", "%7B%7D", "null");
    }

    private Gen<Fuzz> campaignCreate() {
        // Hostile names may well be valid names (SQL and formulas are just text): stored, or refused, never a 5xx.
        Gen<String> fields = of("campaign_name", "template_type", "is_active");
        Gen<Value> values = hostileValues();
        Gen<Body> hostile = r -> {
            String field = fields.next(r);
            Value value = values.next(r);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("campaign_name", new Raw("\"fuzz\""));
            body.put(field, value.json());
            return new Body(render(body).getBytes(StandardCharsets.UTF_8), false, "campaign " + field + "="
                    + value.what());
        };
        Gen<Body> massAssigned = of("id", "created_at", "updated_at", "seq", "received_at", "is_deleted")
                .map(f -> bytes("{\"campaign_name\":\"fuzz\",\"" + f + "\":\"2020-01-01T00:00:00Z\"}",
                        "campaign with server-set field " + f));
        Gen<Body> body = oneOf(hostile, massAssigned, brokenJson());
        Gen<Token> tokens = tokens();
        return r -> {
            Body b = body.next(r);
            Token token = tokens.next(r);
            return new Fuzz("campaign-create", "POST", API + "/admin/campaigns",
                    withToken(headers("Content-Type", "application/json"), token), b.bytes(),
                    b.mustFail() || token.mustFail(), b.what() + token.what());
        };
    }

    private Gen<Fuzz> campaignUpdate() {
        Gen<String> fields = of("campaign_name", "is_active");
        Gen<String> values = of("null", "1", "[]", "{}", "\"\"", "\"" + "n".repeat(10_000) + "\"");
        Gen<Body> body = oneOf(
                r -> {
                    String f = fields.next(r);
                    String v = values.next(r);
                    return bytes("{\"" + f + "\":" + v + "}", "update " + f + "=" + v.substring(0,
                            Math.min(12, v.length())));
                },
                of("id", "created_at", "seq", "received_at").map(f ->
                        bytes("{\"" + f + "\":\"x\"}", "update of server-set " + f)),
                brokenJson());
        Gen<String> target = oneOf(just("TARGET"), pathIds());
        Gen<Token> tokens = tokens();
        return r -> {
            Body b = body.next(r);
            String id = target.next(r);
            Token token = tokens.next(r);
            String path = API + "/admin/campaigns/" + (id.equals("TARGET") ? campaign : id);
            return new Fuzz("campaign-update", "PUT", path,
                    withToken(headers("Content-Type", "application/json"), token), b.bytes(),
                    b.mustFail() || token.mustFail() || !id.equals("TARGET"), b.what() + ", id " + id + token.what());
        };
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

    private Gen<Fuzz> reports() {
        Gen<String> routes = of("", "/summary", "/daily", "/segmented");
        Gen<String> ids = oneOf(just("TARGET"), pathIds());
        Gen<Query> query = query(REPORT_PARAMS);
        Gen<Token> tokens = tokens();
        return r -> {
            String route = routes.next(r);
            String id = ids.next(r);
            Query q = query.next(r);
            Token token = tokens.next(r);
            String name = route.isEmpty() ? "report" : route.substring(1);
            boolean bad = q.mustFail() || token.mustFail() || !id.equals("TARGET");
            return new Fuzz(name, "GET", API + "/admin/analytics/campaigns/" + (id.equals("TARGET") ? campaign : id)
                    + route + q.text(), withToken(headers(), token), new byte[0], bad, q.what() + token.what());
        };
    }

    /** A GET of {@code path} with a query made from {@code params}, in which TARGET stands for the campaign's id. */
    private Gen<Fuzz> queried(String route, String path, Map<String, List<String>> params) {
        Gen<Query> query = query(params);
        Gen<Token> tokens = tokens();
        return r -> {
            Query q = query.next(r);
            Token token = tokens.next(r);
            return new Fuzz(route, "GET", API + path + q.text().replace("TARGET", campaign),
                    withToken(headers(), token), new byte[0], q.mustFail() || token.mustFail(),
                    q.what() + token.what());
        };
    }

    private Gen<Fuzz> compare() {
        Map<String, List<String>> params = new LinkedHashMap<>(REPORT_PARAMS);
        params.put("campaign_ids", List.of("", "x,y", "TARGET", "TARGET,TARGET", "TARGET," + "1,".repeat(500),
                "TARGET,00000000-0000-0000-0000-000000000000", "'; --"));
        return queried("compare", "/admin/analytics/compare", params);
    }

    private Gen<Fuzz> export() {
        Map<String, List<String>> params = new LinkedHashMap<>(REPORT_PARAMS);
        params.put("type", List.of("daily", "raw", "exe", "comparison", "segmented", ""));
        params.put("format", List.of("csv", "xlsx", "pdf", "CSV", "../x"));
        params.put("campaign_id", List.of("TARGET", "x", "00000000-0000-0000-0000-000000000000"));
        return queried("export", "/admin/analytics/export", params);
    }

    private Gen<Fuzz> stream() {
        Gen<Fuzz> polled = queried("stream", "/admin/analytics/stream", Map.of(
                "limit", List.of("0", "501", "-5", "abc", "10", "99999999999"),
                "last_updated", List.of("yesterday", "2024-05-01", "+999999999-12-31T23:59:59Z",
                        "1970-01-01T00:00:00Z"),
                "campaign_id", List.of("x", "TARGET", "00000000-0000-0000-0000-000000000000"),
                "last_event_id", List.of("-1", "x", "99999999999999999999")));
        // A stream with good credentials never ends by itself, so streams are only asked for with bad ones.
        Gen<Fuzz> streamed = badTokens().map(token -> new Fuzz("stream", "GET", API
                + "/admin/analytics/stream" + (token.header() == null ? "?access_token=" + enc(token.what()) : ""),
                withToken(headers("Accept", "text/event-stream"), token), new byte[0], true,
                "event stream, " + token.what()));
        return oneOf(polled, streamed);
    }

    // -- infrastructure --

    private Gen<Fuzz> infrastructure() {
        Gen<String> paths = of("/health", "/health/live", "/health/ready", "/openapi.json", "/docs",
                "/metrics", "/docs/swagger-ui/swagger-ui-bundle.js", "/docs/swagger-ui/index.html",
                "/docs/swagger-ui/..%2F..%2Fpom.properties", "/metrics?access_token=x");
        Gen<String> methods = of("GET", "GET", "GET", "POST", "PUT", "DELETE", "PATCH");
        Gen<String> auths = of("none", "metrics", "forged", "garbage");
        return r -> {
            String p = paths.next(r);
            String m = methods.next(r);
            String a = auths.next(r);
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
        };
    }

    private Gen<Fuzz> unknownRoutes() {
        return of(API + "/track-event/x", API + "/admin", API + "/admin/campaigns/x/y", "/v2/marketing",
                "/%2e%2e/%2e%2e/etc/passwd", "/" + "a/".repeat(2000), API + "/admin/analytics/campaigns",
                "/v1/marketing/TRACK-EVENT", "/.env", "/WEB-INF/web.xml", "/%00")
                .map(p -> new Fuzz("unknown", "GET", p, headers(), new byte[0], true, "unknown route"));
    }

    // -- query strings and tokens --

    /** A query string of up to 4 parameters picked from {@code params}, with values both sensible and hostile. */
    record Query(String text, boolean mustFail, String what) {
    }

    private Gen<Query> query(Map<String, List<String>> params) {
        List<String> names = new ArrayList<>(new TreeMap<>(params).keySet());
        Gen<String> one = r -> {
            String name = names.get(r.nextInt(names.size()));
            List<String> values = params.get(name);
            return enc(name) + "=" + enc(values.get(r.nextInt(values.size())));
        };
        Gen<String> unknown = of("x=1", "limit=1&limit=2", "%00=1", "a[]=1", "=", "&&&",
                "date_range=7d&date_range=30d");
        return oneOf(one, one, one, unknown).list(1, 4).map(parts -> {
            String q = "?" + String.join("&", parts);
            // most combinations are wrong; a few are fine, so any 2xx or 4xx is right, never a 5xx
            return new Query(q, false, "query " + (q.length() > 120 ? q.substring(0, 120) : q));
        });
    }

    /** A credential, good or bad. */
    record Token(String header, boolean mustFail, String what) {
    }

    private Gen<Token> tokens() {
        return frequency(w(6, just(new Token("Bearer " + admin, false, ""))), w(1, badTokens()));
    }

    private Gen<Token> badTokens() {
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
        return of(
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
