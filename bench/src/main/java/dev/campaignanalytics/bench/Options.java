package dev.campaignanalytics.bench;

import java.nio.file.Path;

/** The benchmark's command line; every option has a default that is the full benchmark. */
final class Options {
    long events = 10_000_000;
    int campaigns = 50;
    int streams = 2;
    long importRequestEvents = 500_000;
    int connections = 64;
    int batchConnections = 8;
    int batchSize = 500;
    int warmupSeconds = 10;
    int maxWarmupSeconds = 240;
    int durationSeconds = 30;
    int rounds = 2;
    int reportRuns = 200;
    int reportWarmup = 2000;
    int rawRuns = 10;
    long copyRows = 1_000_000;
    int maxLoadMinutes = 90;
    /** ANALYTICS_RATE_LIMIT of the server: 0 (off) by default; a limit never reached measures the limiter's cost. */
    int rateLimit = 0;
    int maxQuiesceMinutes = 10;
    boolean forceInProcessReports;
    boolean forceHttpReports;
    Path serverJar = Path.of("app/target/campaign-analytics.jar");
    Path out = Path.of("bench/RESULTS.md");
    Path workDir;
    /** What was measured, e.g. a commit; by default what {@code git describe} says of the working directory. */
    String label;

    static final String USAGE = """
            java -jar bench/target/bench.jar [options]   (run from the repository root)
              --events N              events loaded through the import (default 10000000)
              --campaigns N           campaigns created (default 50; the first holds 20 % of the events)
              --streams N             parallel import streams (default 2)
              --import-request N      events per import request (default 500000)
              --connections N         connections for single-event ingest and the bare endpoint (default 64)
              --batch-connections N   connections for batch ingest (default 8)
              --batch-size N          events per batch (default 500)
              --warmup S / --duration S   unmeasured / measured seconds of each HTTP load (default 10 / 30);
                                      the warm-up goes on after S until the target JVM's JIT compilers
                                      used at most 5 % of a core over 5 s (see HttpLoad), at most:
              --max-warmup S          the longest warm-up of an HTTP load (default 240)
              --rounds N              rounds of the ingest phases and their ceilings (default 2), in
                                      alternating order: odd rounds the ceilings first, even rounds ours
                                      first; the figures of record are the means of the rounds
              --report-runs N         measured runs of each report (default 200)
              --report-warmup N       unmeasured runs of each report before them, at least (default 2000); the
                                      reports go on in turn until the server's JIT compilers are quiet, as
                                      for the HTTP loads, at most --max-warmup seconds
              --raw-runs N            measured runs of the raw GROUP BY (default 10, after 1 unmeasured)
              --copy-rows N           rows of each COPY ceiling (default 1000000)
              --max-load-minutes M    no import request starts after M minutes (default 90); the run
                                      goes on with the events loaded by then
              --reports-in-process    measure reports through ReportService in this JVM, not over HTTP
              --reports-http          measure reports over HTTP even if the probe answers 404
              --server-jar PATH       default app/target/campaign-analytics.jar
              --out PATH              default bench/RESULTS.md
              --work-dir PATH         default: a new temporary directory (server data, logs, JFR recordings)
              --rate-limit N          the server's ANALYTICS_RATE_LIMIT (default 0, off); e.g. 1000000 to measure
                                      the cost of the per-address limiter with a limit the load never reaches
              --label TEXT            what was measured (default: git describe --always --dirty of the checkout)
            """;

    /** The options, or null after printing the usage. */
    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    System.out.print(USAGE);
                    return null;
                }
                case "--reports-in-process" -> o.forceInProcessReports = true;
                case "--reports-http" -> o.forceHttpReports = true;
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(a + " needs a value\n" + USAGE);
                    }
                    String v = args[++i];
                    switch (a) {
                        case "--events" -> o.events = Long.parseLong(v);
                        case "--campaigns" -> o.campaigns = Integer.parseInt(v);
                        case "--streams" -> o.streams = Integer.parseInt(v);
                        case "--import-request" -> o.importRequestEvents = Long.parseLong(v);
                        case "--connections" -> o.connections = Integer.parseInt(v);
                        case "--batch-connections" -> o.batchConnections = Integer.parseInt(v);
                        case "--batch-size" -> o.batchSize = Integer.parseInt(v);
                        case "--warmup" -> o.warmupSeconds = Integer.parseInt(v);
                        case "--max-warmup" -> o.maxWarmupSeconds = Integer.parseInt(v);
                        case "--duration" -> o.durationSeconds = Integer.parseInt(v);
                        case "--rounds" -> o.rounds = Integer.parseInt(v);
                        case "--report-runs" -> o.reportRuns = Integer.parseInt(v);
                        case "--report-warmup" -> o.reportWarmup = Integer.parseInt(v);
                        case "--raw-runs" -> o.rawRuns = Integer.parseInt(v);
                        case "--copy-rows" -> o.copyRows = Long.parseLong(v);
                        case "--max-load-minutes" -> o.maxLoadMinutes = Integer.parseInt(v);
                        case "--server-jar" -> o.serverJar = Path.of(v);
                        case "--out" -> o.out = Path.of(v);
                        case "--work-dir" -> o.workDir = Path.of(v);
                        case "--label" -> o.label = v;
                        case "--rate-limit" -> o.rateLimit = Integer.parseInt(v);
                        default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
                    }
                }
            }
        }
        if (o.rateLimit < 0 || o.events < 1 || o.campaigns < 10 || o.streams < 1 || o.connections < 1 || o.batchConnections < 1
                || o.batchSize < 1 || o.batchSize > 1000 || o.durationSeconds < 1 || o.durationSeconds > 600 || o.rounds < 1 || o.rounds > 10
                || o.warmupSeconds < 0 || o.maxWarmupSeconds < o.warmupSeconds || o.reportRuns < 1 || o.reportWarmup < 0 || o.rawRuns < 1 || o.copyRows < 1
                || o.importRequestEvents < 1) {
            throw new IllegalArgumentException("an option is out of range (campaigns ≥ 10, batch size ≤ 1000, "
                    + "duration ≤ 600 s, 1 to 10 rounds)\n" + USAGE);
        }
        return o;
    }

    String describe() {
        return String.format("--events %d --campaigns %d --streams %d --import-request %d --connections %d "
                        + "--batch-connections %d --batch-size %d --warmup %d --max-warmup %d --duration %d --rounds %d "
                        + "--report-runs %d --report-warmup %d --raw-runs %d --copy-rows %d --rate-limit %d%s", events, campaigns,
                streams, importRequestEvents, connections, batchConnections, batchSize, warmupSeconds, maxWarmupSeconds,
                durationSeconds, rounds, reportRuns, reportWarmup, rawRuns,
                copyRows, rateLimit, forceInProcessReports ? " --reports-in-process" : "");
    }
}
