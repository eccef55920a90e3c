package dev.campaignanalytics.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The performance benchmark of campaign analytics (bench/README.md). It starts the real server jar as a separate
 * process with its embedded PostgreSQL, loads a dataset through the history import, measures live ingest and the
 * reports over HTTP on 127.0.0.1, measures this machine's ceilings (COPY into a bare table, a bare Javalin endpoint,
 * a raw GROUP BY), and writes RESULTS.md with each figure as a ratio to its ceiling.
 */
public final class Bench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/v1/marketing";

    private final Options o;
    private final Results results = new Results();
    private final HttpClient http = HttpLoad.client();
    private ServerProcess server;
    private Database db;
    private CpuMeter cpu;
    private String token;

    private Bench(Options o) {
        this.o = o;
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        if (o == null) {
            return;
        }
        new Bench(o).run();
    }

    private void run() throws Exception {
        Path work = o.workDir != null ? Files.createDirectories(o.workDir)
                : Files.createTempDirectory("campaign-analytics-bench");
        log("work directory " + work);
        results.started = Instant.now();
        results.options = o;
        results.machine = Machine.describe();
        results.measured = o.label != null ? o.label : gitDescription();
        results.loadAtStart = CpuMeter.loadAverage();

        String secret = newSecret();
        int port = ServerProcess.freePort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ANALYTICS_DATA_DIR", work.resolve("data").toString());
        env.put("ANALYTICS_HTTP_HOST", "127.0.0.1");
        env.put("ANALYTICS_HTTP_PORT", Integer.toString(port));
        env.put("ANALYTICS_JWT_SECRET", secret);
        // The load comes from one address at thousands of requests a second, as no real sender should (the README
        // points them to the batch route); the benchmark measures the store, not the per-address limit, unless
        // --rate-limit sets one (high enough never to be reached, it measures what the limiter costs).
        env.put("ANALYTICS_RATE_LIMIT", Integer.toString(o.rateLimit));
        env.put("ANALYTICS_ADMIN_RATE_LIMIT", "0");
        List<String> command = List.of(ServerProcess.javaExecutable(), "-Xmx512m", "-jar",
                o.serverJar.toAbsolutePath().toString(), "serve");
        results.serverCommand = "java -Xmx512m -jar " + o.serverJar + " serve";
        log("starting the server: " + String.join(" ", command));
        server = ServerProcess.start("server", command, env, work.resolve("server.log"), port, "/health",
                Duration.ofMinutes(3));
        try {
            db = Database.of(work.resolve("data").resolve("postgres"));
            results.postgresVersion = db.version();
            results.postgresSettings = db.durabilitySettings();
            cpu = new CpuMeter(server.pid(), db.postmasterPid());
            token = mintToken(secret);

            List<String> campaigns = createCampaigns(o.campaigns);
            Dataset dataset = new Dataset(campaigns, Instant.now().truncatedTo(ChronoUnit.SECONDS), 42, o.events);
            load(dataset, work);
            quiesce("after the load");
            reports(dataset);
            // Each ceiling runs in every round beside the phase it is the ceiling of, in alternating order: odd rounds
            // the ceilings first, even rounds ours first (ABBA). A drift of the machine's speed over the run, which
            // was seen within one run, then weighs on both sides of a ratio alike instead of on one.
            inRounds(dataset, work, this::bareEndpoint, this::durableBareEndpoint, this::singleIngest);
            inRounds(dataset, work, this::copyCeiling, this::batchIngest);
            quiesce("before COPY, 1 stream");
            results.oneStreamCopy = copy(dataset, 1);
            // Before the COPY into the stored tables: its rolled-back rows leave dead space behind until a vacuum.
            results.tableSizes = db.tableSizes();
            quiesce("before COPY into the stored tables");
            copyIntoStoredTables(dataset, 2);
        } catch (Exception | Error e) {
            results.failure = e.toString();
            log("FAILED: " + e);
            e.printStackTrace();
        } finally {
            results.serverAliveAtEnd = server.isAlive();
            results.serverExit = server.stop(Duration.ofMinutes(2));
            results.serverLogProblems = server.problemLines();
            results.serverLogTail = server.logTail(8);
            results.loadAtEnd = CpuMeter.loadAverage();
            results.finished = Instant.now();
            Files.writeString(o.out, results.markdown() + keptAnalysis(o.out), StandardCharsets.UTF_8);
            log("wrote " + o.out.toAbsolutePath());
        }
    }

    /** The checkout's commit, as {@code git describe --always --dirty} says it, or "?" outside a git checkout. */
    static String gitDescription() {
        try {
            Process p = new ProcessBuilder("git", "describe", "--always", "--dirty").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? "commit " + out : "?";
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    /** The heading of the hand-written analysis that a new run keeps from the previous results file. */
    static final String ANALYSIS = "## Analysis";

    /**
     * The hand-written analysis of an earlier run, kept at the end of the new results with a warning that it was
     * written for other figures; empty when there is none.
     */
    static String keptAnalysis(Path previous) throws IOException {
        if (!Files.exists(previous)) {
            return "";
        }
        String old = Files.readString(previous, StandardCharsets.UTF_8);
        int at = old.indexOf("\n" + ANALYSIS);
        if (at < 0) {
            return "";
        }
        String analysis = old.substring(at + 1);
        String warning = "> Kept from the previous results file: this analysis was written for an earlier run, whose "
                + "figures may differ from those above.\n\n";
        int body = analysis.indexOf('\n') + 1;
        if (analysis.startsWith(warning, body + 1)) {
            return "\n" + analysis;
        }
        return "\n" + analysis.substring(0, body) + "\n" + warning + analysis.substring(body).stripLeading();
    }

    // ----------------------------------------------------------------------------------------------------------------

    private List<String> createCampaigns(int n) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String body = JSON.writeValueAsString(Map.of("campaign_name", "Bench campaign " + (i + 1),
                    "template_type", i == 0 ? "big" : "banner"));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri(API + "/admin/campaigns"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201 && r.statusCode() != 200) {
                throw new IllegalStateException("creating a campaign answered " + r.statusCode() + ": " + r.body());
            }
            ids.add(JSON.readTree(r.body()).path("data").path("id").asText());
        }
        log("created " + ids.size() + " campaigns through the API");
        return ids;
    }

    /** The dataset, through the product's own history import, in parallel NDJSON streams. */
    private void load(Dataset dataset, Path work) throws Exception {
        log("loading " + o.events + " events through POST /admin/events/import in " + o.streams + " streams");
        Path jfr = work.resolve("load.jfr");
        server.startRecording("load", jfr);
        CpuMeter.Snapshot before = cpu.snapshot();
        long t0 = System.nanoTime();
        long deadline = t0 + Duration.ofMinutes(o.maxLoadMinutes).toNanos();
        // Requests go newest first, each stream taking the next one: a load cut short at its time limit still
        // holds every event of the recent months that the reports read.
        long requests = (o.events + o.importRequestEvents - 1) / o.importRequestEvents;
        java.util.concurrent.atomic.AtomicLong nextRequest = new java.util.concurrent.atomic.AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(o.streams);
        List<Future<long[]>> streams = new ArrayList<>();
        for (int s = 0; s < o.streams; s++) {
            streams.add(pool.submit(() -> importRequests(dataset, requests, nextRequest, deadline)));
        }
        long accepted = 0;
        long duplicates = 0;
        long rejected = 0;
        try {
            for (Future<long[]> f : streams) {
                long[] r = f.get(2L * o.maxLoadMinutes + 30, TimeUnit.MINUTES);
                accepted += r[0];
                duplicates += r[1];
                rejected += r[2];
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        CpuMeter.Usage usage = CpuMeter.between(before, cpu.snapshot());
        server.stopRecording("load", jfr);
        results.load = new Results.Load(o.events, accepted, duplicates, rejected, seconds, usage, JfrSummary.read(jfr));
        results.bigCampaignEvents = db.count("SELECT count(*) FROM campaign_analytics WHERE campaign_id = ?::uuid",
                dataset.bigCampaign());
        log(String.format("loaded %,d events in %.1f s: %,.0f events/s (big campaign: %,d events)", accepted,
                seconds, accepted / seconds, results.bigCampaignEvents));
        if (accepted + duplicates + rejected < o.events) {
            results.loadCutShort = true;
        } else if (accepted != o.events) {
            throw new IllegalStateException("the import accepted " + accepted + " of " + o.events + " events ("
                    + duplicates + " duplicates, " + rejected + " rejected)");
        }
    }

    /**
     * Sends import requests, newest events first, taking the next request from {@code next} until none is left or
     * the deadline has passed; returns accepted, duplicates, rejected.
     */
    private long[] importRequests(Dataset dataset, long requests, java.util.concurrent.atomic.AtomicLong next,
                                  long deadline) throws Exception {
        long[] tally = new long[3];
        while (true) {
            long k = next.getAndIncrement();
            if (k >= requests) {
                return tally;
            }
            long start = (requests - 1 - k) * o.importRequestEvents;
            long end = Math.min(o.events, start + o.importRequestEvents);
            if (System.nanoTime() > deadline) {
                log(String.format("  the load reached its limit of %d minutes: events %,d..%,d are not sent",
                        o.maxLoadMinutes, start, end));
                continue;
            }
            HttpRequest request = HttpRequest.newBuilder(server.uri(API + "/admin/events/import"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/x-ndjson")
                    .timeout(Duration.ofMinutes(o.maxLoadMinutes + 30))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(
                            () -> dataset.new NdjsonStream(start, end, "imp-")))
                    .build();
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("import of events " + start + ".." + end + " answered "
                        + r.statusCode() + ": " + HttpLoad.abbreviate(r.body()));
            }
            JsonNode data = JSON.readTree(r.body()).path("data");
            tally[0] += data.path("accepted").asLong();
            tally[1] += data.path("duplicates").asLong();
            tally[2] += data.path("rejected_total").asLong();
            log(String.format("  imported events %,d..%,d", start, end));
        }
    }

    /** One phase of a round: it waits until the machine is quiet, then measures and keeps its figures. */
    @FunctionalInterface
    private interface Phase {
        void run(Dataset dataset, Path work, int round) throws Exception;
    }

    /** Runs the phases {@code --rounds} times: in the order given in odd rounds, in the reverse order in even ones. */
    private void inRounds(Dataset dataset, Path work, Phase... inOrder) throws Exception {
        for (int round = 1; round <= o.rounds; round++) {
            List<Phase> phases = new ArrayList<>(List.of(inOrder));
            if (round % 2 == 0) {
                Collections.reverse(phases);
            }
            for (Phase phase : phases) {
                phase.run(dataset, work, round);
            }
        }
    }

    private static String inRound(String what, int round) {
        return what + ", round " + round;
    }

    private void quiesce(String when) throws Exception {
        Duration waited = db.quiesce(Duration.ofMinutes(o.maxQuiesceMinutes));
        results.quiesces.add(String.format("%s: %.0f s (load %s)", when, waited.toMillis() / 1000.0,
                CpuMeter.loadAverage()));
        log("quiet " + when + " after " + waited.toSeconds() + " s");
    }

    // ----------------------------------------------------------------------------------------------------------------

    private void reports(Dataset dataset) throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate start = today.minusDays(89);
        String big = dataset.bigCampaign();
        String dates = "start_date=" + start + "&end_date=" + today;
        String compareIds = String.join(",", dataset.campaignIds().subList(0, Math.min(10,
                dataset.campaignIds().size())));
        Map<String, String> routes = new LinkedHashMap<>();
        routes.put("full report, 90 days by day", API + "/admin/analytics/campaigns/" + big + "?" + dates
                + "&group_by=day");
        routes.put("full report, 90 days by week", API + "/admin/analytics/campaigns/" + big + "?" + dates
                + "&group_by=week");
        routes.put("segmented by channel, 90 days by day", API + "/admin/analytics/campaigns/" + big
                + "/segmented?segment_by=channel&" + dates);
        routes.put("compare 10 campaigns, 90 days", API + "/admin/analytics/compare?campaign_ids=" + compareIds
                + "&" + dates);
        results.reportRoutes = routes;

        Instant from = start.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant until = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        results.rawEventsIn90Days = db.rawEvents(big, from, until);
        results.rollupRowsIn90Days = db.rollupRows(big, from, until);

        HttpResponse<String> probe = http.send(get(routes.values().iterator().next()),
                HttpResponse.BodyHandlers.ofString());
        CpuMeter.Snapshot before = cpu.snapshot();
        if (probe.statusCode() == 404 && !o.forceHttpReports || o.forceInProcessReports) {
            results.reportsInProcess = true;
            results.reportProbe = probe.statusCode() + " " + HttpLoad.abbreviate(probe.body());
            log("report routes answer " + probe.statusCode() + ": measuring the reports in-process instead");
            try (InProcessReports in = InProcessReports.open(db.jdbcUrl(), Database.USER, db.password())) {
                List<String> ten = dataset.campaignIds().subList(0, Math.min(10, dataset.campaignIds().size()));
                results.reports.put("full report, 90 days by day",
                        timed(() -> in.report(big, start, today, "day")));
                results.reports.put("full report, 90 days by week",
                        timed(() -> in.report(big, start, today, "week")));
                results.reports.put("segmented by channel, 90 days by day",
                        timed(() -> in.segmentedByChannel(big, start, today)));
                results.reports.put("compare 10 campaigns, 90 days", timed(() -> in.compare(ten, start, today)));
            }
        } else {
            if (probe.statusCode() != 200) {
                throw new IllegalStateException("the report route answered " + probe.statusCode() + ": "
                        + HttpLoad.abbreviate(probe.body()));
            }
            Map<String, Call> calls = new LinkedHashMap<>();
            for (Map.Entry<String, String> route : routes.entrySet()) {
                HttpRequest request = get(route.getValue());
                calls.put(route.getKey(), () -> {
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(route.getValue() + " answered " + r.statusCode() + ": "
                                + HttpLoad.abbreviate(r.body()));
                    }
                });
            }
            warmUpReports(calls);
            for (Map.Entry<String, Call> call : calls.entrySet()) {
                results.reports.put(call.getKey(), measured(call.getValue()));
            }
        }
        results.reportsUsage = CpuMeter.between(before, cpu.snapshot());
        results.reports.forEach((k, v) -> log(String.format("  %s: p50 %.2f ms, p95 %.2f ms", k,
                v.percentileMillis(50), v.percentileMillis(95))));

        CpuMeter.Snapshot rawBefore = cpu.snapshot();
        List<Double> raw = db.rawGroupBy(big, from, until, o.rawRuns + 1);
        raw = raw.subList(1, raw.size());
        results.rawGroupByUsage = CpuMeter.between(rawBefore, cpu.snapshot());
        long[] micros = raw.stream().mapToLong(ms -> (long) (ms * 1000)).toArray();
        results.rawGroupBy = new Latencies(micros, micros.length);
        log(String.format("  raw GROUP BY: p50 %.1f ms", results.rawGroupBy.percentileMillis(50)));
    }

    private HttpRequest get(String pathAndQuery) {
        return HttpRequest.newBuilder(server.uri(pathAndQuery)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60)).GET().build();
    }

    private interface Call {
        void run() throws Exception;
    }

    /** {@code o.reportWarmup} unmeasured calls, then {@code o.reportRuns} measured ones, one after the other. */
    private Latencies timed(Call call) throws Exception {
        for (int i = 0; i < o.reportWarmup; i++) {
            call.run();
        }
        return measured(call);
    }

    /**
     * Warms the server's report path the way {@link HttpLoad} warms an ingest route: the reports in turn, at least
     * {@code o.reportWarmup} calls of each, then on until the server's JIT compilers are quiet (at most
     * {@value HttpLoad#QUIET_COMPILER_SHARE_PERCENT} % of a core over {@value HttpLoad#QUIET_WINDOW_SECONDS} s) or
     * {@code o.maxWarmupSeconds} have passed. Reports measured after a fixed number of calls measured the compiler:
     * on the run of record's data the report by day answered in 5.3 ms (p50) after 2,000 calls and in 2.8 ms after
     * 5,000 more.
     */
    private void warmUpReports(Map<String, Call> calls) throws Exception {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(o.maxWarmupSeconds).toNanos();
        long window = Duration.ofSeconds(HttpLoad.QUIET_WINDOW_SECONDS).toNanos();
        long rounds = 0;
        boolean quiet = false;
        double compilerBefore = HttpLoad.compilerSeconds(server.pid());
        long windowStart = System.nanoTime();
        while (System.nanoTime() < deadline) {
            for (Call call : calls.values()) {
                call.run();
            }
            rounds++;
            if (System.nanoTime() - windowStart >= window) {
                double compilerNow = HttpLoad.compilerSeconds(server.pid());
                if (rounds >= o.reportWarmup && HttpLoad.compilersQuiet(compilerNow - compilerBefore,
                        (System.nanoTime() - windowStart) / 1e9)) {
                    quiet = true;
                    break;
                }
                compilerBefore = compilerNow;
                windowStart = System.nanoTime();
            }
        }
        results.reportWarmupCalls = rounds;
        results.reportWarmupSeconds = (System.nanoTime() - start) / 1e9;
        results.reportWarmupQuiet = quiet;
        log(String.format("  reports warmed up: %,d calls of each in %.0f s, %s", rounds,
                results.reportWarmupSeconds, quiet ? "the server's JIT compilers quiet"
                        : "the maximum; the server's JIT compilers were still busy"));
    }

    /** {@code o.reportRuns} measured calls, one after the other. */
    private Latencies measured(Call call) throws Exception {
        long[] micros = new long[o.reportRuns];
        for (int i = 0; i < o.reportRuns; i++) {
            long t0 = System.nanoTime();
            call.run();
            micros[i] = (System.nanoTime() - t0) / 1000;
        }
        return new Latencies(micros, micros.length);
    }

    // ----------------------------------------------------------------------------------------------------------------

    /**
     * Starts {@link BareEndpoint} in a JVM of its own ({@code -Xmx512m}), on a free port, with {@code args} after the
     * port, logging to {@code log}.
     */
    private static ServerProcess startBareEndpoint(String name, Path log, String... args) throws Exception {
        int port = ServerProcess.freePort();
        Path jar = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> command = new ArrayList<>(List.of(ServerProcess.javaExecutable(), "-Xmx512m", "-cp",
                jar.toString(), BareEndpoint.class.getName(), Integer.toString(port)));
        command.addAll(List.of(args));
        return ServerProcess.start(name, command, Map.of(), log, port, "/health", Duration.ofMinutes(1));
    }

    private void bareEndpoint(Dataset dataset, Path work, int round) throws Exception {
        quiesce(inRound("before the bare-endpoint ceiling", round));
        log(inRound("HTTP ceiling: the bare endpoint, " + o.connections + " connections", round));
        try (ServerProcess bare = startBareEndpoint("bare endpoint", work.resolve("bare-endpoint-" + round + ".log"))) {
            // The same JFR recording as the server's single-event phase: both loads are measured under the same
            // conditions, and the two profiles can be set side by side.
            results.bare.add(measured(bare, new CpuMeter(bare.pid(), -1), "bare-" + round, work,
                    () -> singleEventLoad(bare, dataset, "bare-")));
        }
        log(describe("bare endpoint", last(results.bare)));
    }

    /**
     * The bare endpoint again, now storing each event durably before it answers (see {@link BareEndpoint}): about the
     * least that answering after a commit costs with this stack on this machine. A reference beside the issue's
     * targets.
     */
    private void durableBareEndpoint(Dataset dataset, Path work, int round) throws Exception {
        quiesce(inRound("before the durable bare endpoint", round));
        log(inRound("reference: the bare endpoint storing each event durably, " + o.connections + " connections",
                round));
        try (ServerProcess durable = startBareEndpoint("durable bare endpoint",
                work.resolve("durable-endpoint-" + round + ".log"), "durable", db.jdbcUrl(), db.password())) {
            results.durable.add(measured(durable, new CpuMeter(durable.pid(), db.postmasterPid()), "durable-" + round,
                    work, () -> singleEventLoad(durable, dataset, "durable-")));
            results.durableRows.add(db.countRows(BareEndpoint.DURABLE_TABLE));
        } finally {
            db.dropTable(BareEndpoint.DURABLE_TABLE);
        }
        log(describe("durable bare endpoint", last(results.durable)));
    }

    private void singleIngest(Dataset dataset, Path work, int round) throws Exception {
        quiesce(inRound("before single-event ingest", round));
        log(inRound("single-event ingest: POST /track-event, " + o.connections + " connections", round));
        results.single.add(measured(server, cpu, "single-" + round, work,
                () -> singleEventLoad(server, dataset, "live-" + round + "-")));
        log(describe("single-event ingest", last(results.single)));
    }

    private static HttpLoad.Result last(List<Results.Http> rounds) {
        return rounds.get(rounds.size() - 1).load();
    }

    /** An HTTP load, run by {@link #measured}. */
    @FunctionalInterface
    private interface Load {
        HttpLoad.Result run() throws Exception;
    }

    /**
     * Runs {@code load} against {@code target} under a JFR recording ({@code settings=profile}) kept in
     * {@code <recording>.jfr} of the work directory, between snapshots of {@code meter} and of the target's threads.
     */
    private static Results.Http measured(ServerProcess target, CpuMeter meter, String recording, Path work, Load load)
            throws Exception {
        Path jfr = work.resolve(recording + ".jfr");
        target.startRecording(recording, jfr);
        CpuMeter.Snapshot before = meter.snapshot();
        ThreadCpu.Snapshot threadsBefore = ThreadCpu.snapshot(target.pid());
        HttpLoad.Result result = load.run();
        List<ThreadCpu.Group> threads = ThreadCpu.between(threadsBefore, ThreadCpu.snapshot(target.pid()));
        CpuMeter.Usage usage = CpuMeter.between(before, meter.snapshot());
        target.stopRecording(recording, jfr);
        return new Results.Http(result, threads, usage, JfrSummary.read(jfr));
    }

    private HttpLoad.Result singleEventLoad(ServerProcess target, Dataset dataset, String idPrefix)
            throws InterruptedException {
        URI uri = target.uri(API + "/track-event");
        long base = o.events + 1_000_000_000L;
        return HttpLoad.run(http, o.connections, warmup(target),
                Duration.ofSeconds(o.durationSeconds), 1, (worker, n) -> {
                    StringBuilder sb = new StringBuilder(320);
                    dataset.event(base + worker * 100_000_000L + n).appendJson(sb, idPrefix, false);
                    return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(sb.toString())).build();
                });
    }

    private HttpLoad.Warmup warmup(ServerProcess target) {
        return new HttpLoad.Warmup(Duration.ofSeconds(o.warmupSeconds), Duration.ofSeconds(o.maxWarmupSeconds),
                target.pid());
    }

    private void batchIngest(Dataset dataset, Path work, int round) throws Exception {
        quiesce(inRound("before batch ingest", round));
        log(inRound("batch ingest: POST /track-events, " + o.batchSize + "-event batches, " + o.batchConnections
                + " connections", round));
        URI uri = server.uri(API + "/track-events");
        long base = o.events + 10_000_000_000L * round;
        results.batch.add(measured(server, cpu, "batch-" + round, work, () -> HttpLoad.run(http, o.batchConnections, warmup(server),
                Duration.ofSeconds(o.durationSeconds), o.batchSize, (worker, n) -> {
                    StringBuilder sb = new StringBuilder(o.batchSize * 300);
                    sb.append("{\"events\":[");
                    long first = base + worker * 1_000_000_000L + n * o.batchSize;
                    for (int k = 0; k < o.batchSize; k++) {
                        if (k > 0) {
                            sb.append(',');
                        }
                        dataset.event(first + k).appendJson(sb, "batch-", false);
                    }
                    sb.append("]}");
                    return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(60))
                            .POST(HttpRequest.BodyPublishers.ofString(sb.toString())).build();
                })));
        log(describe("batch ingest", last(results.batch)));
    }

    /** The write ceiling of the issue: the COPY of the same rows into a bare table, in 2 streams. */
    private void copyCeiling(Dataset dataset, Path work, int round) throws Exception {
        quiesce(inRound("before COPY, 2 streams", round));
        results.ceilings.add(copy(dataset, 2));
    }

    private Results.Copy copy(Dataset dataset, int streams) throws Exception {
        log("COPY into a bare table: " + o.copyRows + " rows in " + streams + " stream(s)");
        CpuMeter.Snapshot before = cpu.snapshot();
        double seconds = db.copyCeiling(dataset, o.copyRows, streams, Instant.now());
        CpuMeter.Usage usage = CpuMeter.between(before, cpu.snapshot());
        log(String.format("  %,.0f rows/s", o.copyRows / seconds));
        return new Results.Copy(o.copyRows, streams, seconds, usage);
    }

    /**
     * The reference for what the design's storage costs: the bare ceiling's rows COPYed, with their idempotency
     * keys, into the tables the product stores them in, and rolled back (see {@link Database#copyIntoStoredTables}).
     * Skipped, with the reason in the results, when a month of those rows has no partition (a load cut short).
     */
    private void copyIntoStoredTables(Dataset dataset, int streams) throws Exception {
        Instant first = Instant.ofEpochSecond(dataset.event(0).epochSecond());
        Instant last = Instant.ofEpochSecond(dataset.event(o.copyRows - 1).epochSecond());
        Map<String, Boolean> partitions = db.partitions(first, last);
        long storedEvents = db.estimatedEvents();
        List<String> missing = partitions.entrySet().stream().filter(p -> !p.getValue()).map(Map.Entry::getKey)
                .toList();
        if (!missing.isEmpty()) {
            results.storedCopySkipped = "the partitions " + missing + " do not exist (the load was cut short)";
            log("COPY into the stored tables skipped: " + results.storedCopySkipped);
            return;
        }
        log("COPY into the stored tables: " + o.copyRows + " rows in " + streams + " stream(s), rolled back");
        CpuMeter.Snapshot before = cpu.snapshot();
        double seconds = db.copyIntoStoredTables(dataset, o.copyRows, streams, Instant.now());
        CpuMeter.Usage usage = CpuMeter.between(before, cpu.snapshot());
        results.storedCopy = new Results.StoredCopy(new Results.Copy(o.copyRows, streams, seconds, usage),
                List.copyOf(partitions.keySet()), storedEvents);
        db.checkStoredCopyRolledBack(dataset.campaignIds(), first, last);
        log(String.format("  %,.0f rows/s; no key or event of it stayed", o.copyRows / seconds));
    }

    // ----------------------------------------------------------------------------------------------------------------

    private static String describe(String what, HttpLoad.Result r) {
        return String.format("  %s: %,.0f events/s, p50 %.2f ms, p99 %.2f ms, %d failures %s", what,
                r.eventsPerSecond(), r.latencies().percentileMillis(50), r.latencies().percentileMillis(99),
                r.failures(), r.statuses());
    }

    private static String newSecret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A super_admin token signed with the server's HS256 secret, as the server's own {@code token} command makes. */
    private static String mintToken(String secret) throws JOSEException {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject("bench")
                .claim("role", "super_admin")
                .claim("permissions", List.of())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(12))))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    static void log(String line) {
        System.out.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + line);
    }
}
