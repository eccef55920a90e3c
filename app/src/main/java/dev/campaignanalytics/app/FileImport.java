package dev.campaignanalytics.app;

import dev.campaignanalytics.core.domain.TrackedEvent;
import dev.campaignanalytics.core.domain.Violation;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.Source;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.TrackCommand;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.TrackResult;
import dev.campaignanalytics.core.port.out.StoreUnavailableException;
import dev.campaignanalytics.http.EventRecords;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * A backfill of history from a file (the {@code import} command), through the same use case and with the same rules
 * as {@code POST /admin/events/import}: events are read as that route reads them, tracked with the import source (no
 * age limit), in transactions of a bounded number of events.
 *
 * <p>Running an import again stores nothing twice. An event with an {@code event_id} is known by it; an event without
 * one gets a derived key, {@value #DERIVED_KEY_PREFIX} followed by a name-based UUID of its content (campaign, type,
 * instant, dimensions, session, user, user agent, address, referrer and data): two records are the same event exactly
 * when all of these are equal, whatever the file's format, column order or spacing. So two identical lines within
 * one file are one event. An event that does not say when it happened is dated by the file's last modification, so
 * that a second run dates it, and keys it, the same.
 *
 * <p>A stop request is honoured between records: the transaction in flight finishes (or, if the database went away,
 * is rolled back whole), the events read but not yet sent are dropped, and the summary says which lines are done.
 */
final class FileImport {
    static final String DERIVED_KEY_PREFIX = "import-";
    /** The longest NDJSON line read as an event, as for the HTTP import. */
    static final int MAX_LINE_BYTES = 64 * 1024;
    /** The CSV columns: the JSON field names of the HTTP API. */
    static final Set<String> COLUMNS = Set.of("campaign_id", "event_type", "occurred_at", "audience_segment",
            "channel", "device_type", "event_data", "session_id", "user_id", "user_agent", "ip_address",
            "referrer_url", "event_id");

    /** How a file is read. */
    enum Format {
        CSV, NDJSON;

        /**
         * The given format, else the file's extension ({@code .csv}; {@code .ndjson}, {@code .jsonl}, {@code .json}),
         * else the first non-blank byte: a file that starts with {@code {} is NDJSON, any other is CSV.
         */
        static Format of(Path file, Format given) throws IOException {
            if (given != null) {
                return given;
            }
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".csv")) {
                return CSV;
            }
            if (name.endsWith(".ndjson") || name.endsWith(".jsonl") || name.endsWith(".json")) {
                return NDJSON;
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                int b;
                while ((b = in.read()) != -1) {
                    if (!Character.isWhitespace(b) && b != 0xEF && b != 0xBB && b != 0xBF) {
                        return b == '{' ? NDJSON : CSV;
                    }
                }
            }
            return NDJSON;
        }
    }

    /** Told how far the import is, after each record and each transaction. */
    interface Progress {
        /**
         * @param bytesRead  bytes of the file read so far
         * @param totalBytes the file's size
         * @param records    records (events) read so far
         */
        void update(long bytesRead, long totalBytes, long records);

        /** The import ended (completely or not); a terminal bar ends its line. */
        void done(long bytesRead, long totalBytes, long records);
    }

    /** A record that was not stored, by its 1-based line in the file (for CSV, the line the record starts on). */
    record Rejection(long line, List<Violation> violations) {
        Rejection {
            violations = List.copyOf(violations);
        }
    }

    /** How an import ended. */
    enum Outcome {
        /** The whole file was read and every transaction committed. */
        COMPLETE,
        /** Stopped on request; what {@link Summary#doneThroughLine()} says is done, the rest was not sent. */
        INTERRUPTED,
        /** The file or the database failed part-way; see {@link Summary#failure()}. */
        FAILED
    }

    /**
     * @param accepted        events newly stored
     * @param duplicates      events stored before (by event_id or derived key), or repeated within the file
     * @param rejectedTotal   records refused in all
     * @param rejected        the first refused records, in line order, at most {@code maxListed}
     * @param doneThroughLine every line up to and including this one is stored or rejected (0: none)
     * @param records         records read
     */
    record Summary(Outcome outcome, long accepted, long duplicates, long rejectedTotal, List<Rejection> rejected,
                   long doneThroughLine, long records, String failure) {
    }

    private final TrackEventsUseCase tracking;
    private final EventRecords records;
    private final int transactionSize;
    private final int maxListed;
    private final BooleanSupplier stopRequested;
    private final Progress progress;

    FileImport(TrackEventsUseCase tracking, EventRecords records, int transactionSize, int maxListed,
               BooleanSupplier stopRequested, Progress progress) {
        if (transactionSize < 1) {
            throw new IllegalArgumentException("a transaction holds at least one event");
        }
        this.tracking = tracking;
        this.records = records;
        this.transactionSize = transactionSize;
        this.maxListed = maxListed;
        this.stopRequested = stopRequested;
        this.progress = progress;
    }

    /** The key of an event that has no {@code event_id}: the same for the same content, at most 100 characters. */
    static String derivedKey(TrackedEvent e) {
        String content = String.join("\u001f", e.campaignId().toString(), e.type().wireName(),
                e.occurredAt().toString(), String.valueOf(e.dimensions().audienceSegment()),
                String.valueOf(e.dimensions().channel()), String.valueOf(e.dimensions().deviceType()),
                String.valueOf(e.sessionId()), String.valueOf(e.userId()), String.valueOf(e.userAgent()),
                String.valueOf(e.ipAddress()), String.valueOf(e.referrerUrl()),
                e.eventData() == null ? "null" : e.eventData().json());
        return DERIVED_KEY_PREFIX + UUID.nameUUIDFromBytes(content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Imports the file.
     *
     * @throws IllegalArgumentException when a CSV header names a column the API does not know, or lacks one it needs
     */
    Summary run(Path file, Format format) throws IOException {
        long size = Files.size(file);
        Instant undated = Files.getLastModifiedTime(file).toInstant();
        Run run = new Run(size);
        try (CountingStream counted = new CountingStream(Files.newInputStream(file))) {
            run.counted = counted;
            try {
                if (format == Format.CSV) {
                    readCsv(counted, run, undated);
                } else {
                    readLines(counted, run, undated);
                }
                if (run.outcome == null) {
                    run.flush();
                }
            } catch (StoreUnavailableException e) {
                run.fail("the database failed (" + e.getMessage() + "); the transaction in flight was rolled back");
            } catch (IOException | UncheckedIOException e) {
                run.fail("the file could not be read further: " + e.getMessage());
            }
        } finally {
            progress.done(run.counted == null ? 0 : run.counted.count, size, run.records);
        }
        return run.summary();
    }

    private void readLines(InputStream raw, Run run, Instant undated) throws IOException {
        InputStream in = new BufferedInputStream(raw, 64 * 1024);
        byte[] line = new byte[8192];
        long lineNumber = 0;
        boolean more = true;
        while (more && !run.stopping()) {
            int length = 0;
            boolean tooLong = false;
            boolean blank = true;
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (b != ' ' && b != '\t' && b != '\r') {
                    blank = false;
                }
                if (length < MAX_LINE_BYTES) {
                    if (length == line.length) {
                        line = java.util.Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, line.length * 2));
                    }
                    line[length++] = (byte) b;
                } else {
                    tooLong = true;
                }
            }
            if (b == -1) {
                more = false;
                if (length == 0 && blank) {
                    break;
                }
            }
            lineNumber++;
            if (blank) {
                continue;
            }
            if (tooLong) {
                run.reject(lineNumber, List.of(new Violation("event", "must be at most " + MAX_LINE_BYTES
                        + " bytes on its line")));
                continue;
            }
            run.add(lineNumber, records.fromJson(line, length, undated));
        }
    }

    private void readCsv(InputStream raw, Run run, Instant undated) throws IOException {
        CSVFormat csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(true).get();
        try (CSVParser parser = CSVParser.parse(new InputStreamReader(new BufferedInputStream(raw, 64 * 1024),
                StandardCharsets.UTF_8), csv)) {
            List<String> header = parser.getHeaderNames().stream()
                    .map(h -> h.startsWith("\uFEFF") ? h.substring(1) : h).toList();
            List<String> unknown = header.stream().filter(h -> !COLUMNS.contains(h)).toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("the CSV header names unknown columns " + unknown
                        + "; the columns are the API's field names: " + String.join(", ", COLUMNS.stream()
                        .sorted().toList()));
            }
            if (!header.contains("campaign_id") || !header.contains("event_type")) {
                throw new IllegalArgumentException("the CSV header must name at least campaign_id and event_type");
            }
            var records = parser.iterator();
            while (!run.stopping()) {
                long line = parser.getCurrentLineNumber() + 1;
                if (!records.hasNext()) {
                    break;
                }
                CSVRecord record = records.next();
                if (record.size() != header.size()) {
                    run.reject(line, List.of(new Violation("event", "has " + record.size()
                            + " fields, the header has " + header.size())));
                    continue;
                }
                Map<String, String> fields = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    fields.put(header.get(i), record.get(i));
                }
                run.add(line, this.records.fromFields(fields, undated));
            }
        }
    }

    /** One import in progress. */
    private final class Run {
        private final long size;
        private CountingStream counted;
        private final List<TrackedEvent> pending = new ArrayList<>();
        private final List<Long> pendingLines = new ArrayList<>();
        private final List<Rejection> rejected = new ArrayList<>();
        private long accepted;
        private long duplicates;
        private long rejectedTotal;
        private long records;
        private long doneThrough;
        private Outcome outcome;
        private String failure;

        Run(long size) {
            this.size = size;
        }

        boolean stopping() {
            if (outcome == null && stopRequested.getAsBoolean()) {
                outcome = Outcome.INTERRUPTED;
            }
            return outcome != null;
        }

        void add(long line, EventRecords.Result result) {
            records++;
            if (!result.isValid()) {
                reject(line, result.violations());
            } else {
                TrackedEvent e = result.event();
                pending.add(e.clientEventId() != null ? e : e.withClientEventId(derivedKey(e)));
                pendingLines.add(line);
                if (pending.size() >= transactionSize) {
                    flush();
                }
            }
            if (pending.isEmpty()) {
                doneThrough = line;
            }
            progress.update(counted.count, size, records);
        }

        void reject(long line, List<Violation> violations) {
            rejectedTotal++;
            rejected.add(new Rejection(line, violations));
            if (rejected.size() > maxListed) {
                // keep the first lines: drop the latest one
                rejected.sort(Comparator.comparingLong(Rejection::line));
                rejected.remove(rejected.size() - 1);
            }
            if (pending.isEmpty()) {
                doneThrough = line;
            }
        }

        void flush() {
            if (pending.isEmpty()) {
                return;
            }
            TrackResult result = tracking.track(new TrackCommand(pending, Source.IMPORT));
            accepted += result.accepted();
            duplicates += result.duplicates();
            result.forEachRejected((i, violations) -> reject(pendingLines.get(i), violations));
            doneThrough = Math.max(doneThrough, pendingLines.get(pendingLines.size() - 1));
            pending.clear();
            pendingLines.clear();
        }

        void fail(String reason) {
            outcome = stopRequested.getAsBoolean() ? Outcome.INTERRUPTED : Outcome.FAILED;
            failure = reason;
        }

        Summary summary() {
            List<Rejection> listed = new ArrayList<>(rejected);
            listed.sort(Comparator.comparingLong(Rejection::line));
            return new Summary(outcome == null ? Outcome.COMPLETE : outcome, accepted, duplicates, rejectedTotal,
                    listed, doneThrough, records, failure);
        }
    }

    /** Counts the bytes read from the file, for the progress. */
    private static final class CountingStream extends FilterInputStream {
        volatile long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b != -1) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
