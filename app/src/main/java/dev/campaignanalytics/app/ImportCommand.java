package dev.campaignanalytics.app;

import dev.campaignanalytics.core.domain.Violation;
import dev.campaignanalytics.http.EventRecords;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * {@code import FILE}: backfills the events of a CSV or NDJSON file into the configured database, without the server.
 * Exit codes: 0 when the whole file was read (rejected records are listed, not failures), 1 when the file or the
 * database failed part-way, 2 for a usage or configuration mistake, 130 when stopped (a signal gives the JVM's own
 * 130 or 143).
 */
@Command(name = "import", description = {
        "Backfills events from a CSV or NDJSON file into the configured database (the server need not run).",
        "NDJSON lines are the JSON events of POST /v1/marketing/admin/events/import; a CSV file has a header row "
                + "naming the same fields (campaign_id, event_type, occurred_at, channel, …).",
        "Running it again stores nothing twice: events are known by their event_id, or else by a key derived "
                + "from their content."})
final class ImportCommand implements Callable<Integer> {
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_INTERRUPTED = 130;
    /** How many rejected records the summary lists one by one; all are counted. */
    static final int MAX_LISTED = 100;

    private final Map<String, String> env;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to import.")
    Path file;

    @Option(names = "--format", description = "csv or ndjson; by default from the file's extension (.csv; .ndjson, "
            + ".jsonl, .json), else from its first character ('{' is NDJSON).")
    String format;

    @Option(names = "--transaction-size", defaultValue = "5000", description = "Events stored per transaction. "
            + "Default: ${DEFAULT-VALUE}.")
    int transactionSize;

    @Option(names = "--progress", defaultValue = "auto", description = "bar, lines or auto (a bar when standard "
            + "output is a terminal, else a line every 5 s). Default: ${DEFAULT-VALUE}.")
    String progress;

    ImportCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            err.println("import: " + file + " is not a readable file");
            return EXIT_USAGE;
        }
        FileImport.Format chosen;
        try {
            chosen = FileImport.Format.of(file, format == null ? null
                    : FileImport.Format.valueOf(format.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            err.println("import: --format must be csv or ndjson, got '" + format + "'");
            return EXIT_USAGE;
        }
        if (transactionSize < 1 || transactionSize > 100_000) {
            err.println("import: --transaction-size must be between 1 and 100000");
            return EXIT_USAGE;
        }
        if (!progress.equals("bar") && !progress.equals("lines") && !progress.equals("auto")) {
            err.println("import: --progress must be bar, lines or auto, got '" + progress + "'");
            return EXIT_USAGE;
        }
        boolean bar = progress.equals("bar") || progress.equals("auto") && System.console() != null;
        AppConfig config = AppConfig.fromEnvironment(env);
        Logging.use(config.logFormat());

        // A signal (Ctrl-C, SIGTERM) asks the import to stop between records, then waits for its summary.
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread onSignal = new Thread(() -> {
            stop.set(true);
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "import-stop");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            out.printf("Importing %s (%s) into %s%n", file, chosen.name(), EventDatabase.describe(config));
            out.flush();
            FileImport.Summary summary;
            try (EventDatabase db = EventDatabase.open(config, Clock.systemUTC())) {
                FileImport importer = new FileImport(db.tracking(),
                        new EventRecords(config.maxEventDataBytes(), config.maxEventDataDepth()), transactionSize, MAX_LISTED, stop::get,
                        ImportProgress.forOutput(out, bar));
                try {
                    summary = importer.run(file, chosen);
                } catch (IllegalArgumentException e) {
                    err.println("import: " + e.getMessage());
                    return EXIT_USAGE;
                }
            }
            print(out, summary);
            return switch (summary.outcome()) {
                case COMPLETE -> 0;
                case INTERRUPTED -> EXIT_INTERRUPTED;
                case FAILED -> EXIT_FAILED;
            };
        } finally {
            out.flush();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it has its summary now
            }
        }
    }

    static void print(PrintWriter out, FileImport.Summary s) {
        String heading = switch (s.outcome()) {
            case COMPLETE -> "Import complete";
            case INTERRUPTED -> "Import INTERRUPTED";
            case FAILED -> "Import FAILED";
        };
        out.printf(Locale.ROOT, "%s: %,d records read%n", heading, s.records());
        out.printf(Locale.ROOT, "  accepted:   %,d new events%n", s.accepted());
        out.printf(Locale.ROOT, "  duplicates: %,d (stored before, or repeated in the file)%n", s.duplicates());
        out.printf(Locale.ROOT, "  rejected:   %,d%n", s.rejectedTotal());
        for (FileImport.Rejection r : s.rejected()) {
            out.printf(Locale.ROOT, "    line %d: %s%n", r.line(), r.violations().stream()
                    .map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; ")));
        }
        if (s.rejectedTotal() > s.rejected().size()) {
            out.printf(Locale.ROOT, "    … and %,d more rejected records not listed%n",
                    s.rejectedTotal() - s.rejected().size());
        }
        if (s.failure() != null) {
            out.println("  reason: " + s.failure());
        }
        if (s.outcome() != FileImport.Outcome.COMPLETE) {
            out.printf(Locale.ROOT, "  lines 1 to %,d are done (stored or rejected); later lines were not stored. "
                    + "Run the same command again to finish: what is stored already counts as duplicates.%n",
                    s.doneThroughLine());
        }
        out.flush();
    }
}
