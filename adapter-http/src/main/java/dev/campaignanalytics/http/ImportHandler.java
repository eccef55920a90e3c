package dev.campaignanalytics.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.campaignanalytics.core.domain.InvalidInputException;
import dev.campaignanalytics.core.domain.TrackedEvent;
import dev.campaignanalytics.core.domain.Violation;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.Source;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.TrackCommand;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.TrackResult;
import dev.campaignanalytics.core.port.out.StoreUnavailableException;
import dev.campaignanalytics.http.Envelope.FieldError;
import dev.campaignanalytics.http.Envelope.Success;
import dev.campaignanalytics.http.EventParser.Parsed;
import io.javalin.http.Context;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * {@code POST /admin/events/import}: a backfill of historical events, as NDJSON (one event per line) or as one JSON
 * array. The body is read as a stream and stored in transactions of a bounded number of events, so an import of any
 * length needs no more memory than one transaction.
 *
 * <p>Each event is judged alone, as in a batch: a line that is not JSON, or an event that breaks a rule, is listed
 * as rejected and the import goes on. Events are not described by the request that carries them, so the importing
 * tool's own address and user agent are never attached to them.
 *
 * <p>A JSON array that turns malformed part-way cannot be read further: what came before is stored, the failure is
 * listed as the last rejection, and the rest is not read. When the store fails, the transactions committed before
 * stay committed and the answer (503) says how far the import got; events that carry an {@code event_id} can be
 * sent again safely.
 */
final class ImportHandler {
    /** The longest NDJSON line read as an event; an event is far smaller (its data is at most 8 KB). */
    static final int MAX_LINE_BYTES = 64 * 1024;

    private final TrackEventsUseCase tracking;
    private final EventParser parser;
    private final ObjectMapper mapper;
    private final HttpSettings settings;
    private final Clock clock;
    private final EventCounter counter;

    ImportHandler(TrackEventsUseCase tracking, EventParser parser, ObjectMapper mapper, HttpSettings settings,
                  Clock clock, EventCounter events) {
        this.tracking = tracking;
        this.parser = parser;
        this.mapper = mapper;
        this.settings = settings;
        this.clock = clock;
        this.counter = events;
    }

    /**
     * The outcome of an import.
     *
     * @param accepted      events newly stored
     * @param duplicates    events stored before (by {@code event_id}), so stored nothing new
     * @param rejected      the first refused events, at most the configured number
     * @param rejectedTotal how many events were refused in all
     */
    record ImportView(long accepted, long duplicates, List<ImportRejection> rejected, long rejectedTotal) {
    }

    /**
     * One refused event: by its 1-based {@code line} in NDJSON, or its 0-based {@code index} in a JSON array.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ImportRejection(Long line, Long index, List<FieldError> errors) {
    }

    void handle(Context ctx) {
        String type = RequestBodies.requireMediaType(ctx, RequestBodies.NDJSON, RequestBodies.JSON);
        boolean ndjson = RequestBodies.NDJSON.equals(type);
        Run run = new Run(ndjson, clock.instant());
        try {
            try {
                InputStream body = new BufferedInputStream(ctx.bodyInputStream(), 64 * 1024);
                if (ndjson) {
                    readLines(body, run);
                } else {
                    readArray(body, run);
                }
            } catch (IOException e) {
                throw run.interrupted(400, "The request body could not be read to its end");
            }
            run.flush();
        } finally {
            // what was committed (and refused) stays so even when the import stops part-way
            counter.count(EventCounter.IMPORT, run.accepted, run.duplicates, run.rejectedTotal);
        }
        ctx.json(Success.of(run.view()));
    }

    private void readLines(InputStream in, Run run) throws IOException {
        LineReader lines = new LineReader(in, MAX_LINE_BYTES);
        long lineNumber = 0;
        while (lines.next()) {
            lineNumber++;
            if (lines.isBlank()) {
                continue;
            }
            if (lines.isTooLong()) {
                run.reject(lineNumber, List.of(new Violation("event", "must be at most " + MAX_LINE_BYTES
                        + " bytes on its line")));
                continue;
            }
            JsonNode node;
            try {
                node = mapper.readTree(lines.bytes(), 0, lines.length());
            } catch (JsonProcessingException e) {
                run.reject(lineNumber, List.of(lineViolation(e)));
                continue;
            }
            run.add(lineNumber, node);
        }
    }

    /** Why one event's JSON text was not read: the field it gives twice, or the {@code event} as a whole. */
    static Violation lineViolation(JsonProcessingException e) {
        String twice = ApiJson.duplicateField(e, null);
        return twice != null ? new Violation(twice, ApiJson.GIVEN_TWICE) : new Violation("event", lineError(e));
    }

    static String lineError(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException limit) {
            return ApiJson.describe(limit);
        }
        var at = e.getLocation();
        return at == null ? "is not valid JSON" : "is not valid JSON (column " + at.getColumnNr() + ")";
    }

    private void readArray(InputStream in, Run run) throws IOException {
        // Reads one element at a time; it must not look past the element, as a whole-document read would.
        ObjectReader elements = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        try (JsonParser p = mapper.createParser(in)) {
            JsonToken first;
            try {
                first = p.nextToken();
            } catch (JsonProcessingException e) {
                throw new InvalidInputException("body", RequestBodies.notJson(e));
            }
            if (first != JsonToken.START_ARRAY) {
                throw new InvalidInputException("body", "must be a JSON array of events");
            }
            JsonStreamContext array = p.getParsingContext();
            long index = 0;
            while (true) {
                JsonNode node;
                try {
                    JsonToken t = p.nextToken();
                    if (t == JsonToken.END_ARRAY) {
                        if (p.nextToken() != null) {
                            run.stop(index, "has content after the array, which was not read");
                        }
                        return;
                    }
                    if (t == null) {
                        run.stop(index, "ends before the array is closed");
                        return;
                    }
                    node = elements.readTree(p);
                } catch (JsonProcessingException e) {
                    String twice = ApiJson.duplicateField(e, array);
                    if (twice == null) {
                        run.stop(index, lineErrorInBody(e));
                        return;
                    }
                    // Well-formed, only refused: that event alone is rejected, and the rest is read on.
                    run.reject(index, List.of(new Violation(twice, ApiJson.GIVEN_TWICE)));
                    try {
                        if (!skipRestOfElement(p, array)) {
                            run.stop(index, "ends before the array is closed");
                            return;
                        }
                    } catch (JsonProcessingException malformed) {
                        run.stop(index, lineErrorInBody(malformed));
                        return;
                    }
                    index++;
                    continue;
                }
                run.add(index, node);
                index++;
            }
        }
    }

    /** Reads past the element being read, back to {@code array}; {@code false} when the body ends first. */
    private static boolean skipRestOfElement(JsonParser p, JsonStreamContext array) throws IOException {
        while (p.getParsingContext() != array) {
            if (p.nextToken() == null) {
                return false;
            }
        }
        return true;
    }

    private static String lineErrorInBody(JsonProcessingException e) {
        String reason = e instanceof StreamConstraintsException limit
                ? ApiJson.describe(limit) : RequestBodies.notJson(e);
        return reason + "; the rest of the body was not read";
    }

    /** One import in progress: the events waiting for their transaction, and the tally so far. */
    private final class Run {
        private final boolean byLine;
        private final Instant now;
        private final List<TrackedEvent> pending = new ArrayList<>();
        private final List<Long> pendingPositions = new ArrayList<>();
        private final List<ImportRejection> rejected = new ArrayList<>();
        private long accepted;
        private long duplicates;
        private long rejectedTotal;
        /** The position of the last event whose transaction committed, or -1 before the first commit. */
        private long committedThrough = -1;

        Run(boolean byLine, Instant now) {
            this.byLine = byLine;
            this.now = now;
        }

        void add(long position, JsonNode node) {
            Parsed parsed = parser.parse(node, RequestOrigin.NONE, now);
            if (!parsed.isValid()) {
                reject(position, parsed.violations());
                return;
            }
            pending.add(parsed.event());
            pendingPositions.add(position);
            if (pending.size() >= settings.importTransactionSize()) {
                flush();
            }
        }

        void reject(long position, List<Violation> violations) {
            rejectedTotal++;
            if (rejected.size() < settings.maxImportRejections()) {
                List<FieldError> errors = FieldError.of(violations);
                rejected.add(byLine ? new ImportRejection(position, null, errors)
                        : new ImportRejection(null, position, errors));
            }
        }

        /** Records that the body could not be read past {@code position}. */
        void stop(long position, String reason) {
            reject(position, List.of(new Violation("body", reason)));
        }

        void flush() {
            if (pending.isEmpty()) {
                return;
            }
            TrackResult result;
            try {
                result = tracking.track(new TrackCommand(pending, Source.IMPORT));
            } catch (StoreUnavailableException e) {
                throw interrupted(503, "The store became unavailable", e);
            }
            accepted += result.accepted();
            duplicates += result.duplicates();
            result.forEachRejected((i, violations) -> reject(pendingPositions.get(i), violations));
            committedThrough = pendingPositions.get(pendingPositions.size() - 1);
            pending.clear();
            pendingPositions.clear();
        }

        RequestRejected interrupted(int status, String reason) {
            return interrupted(status, reason, null);
        }

        private RequestRejected interrupted(int status, String reason, Throwable cause) {
            String where = byLine ? "line " : "index ";
            String progress = committedThrough < 0 ? "nothing was stored"
                    : accepted + " new events were stored, up to and including " + where + committedThrough
                    + "; events with an event_id may be sent again safely";
            RequestRejected rejectedImport = new RequestRejected(status, reason + "; " + progress, List.of());
            if (cause != null) {
                rejectedImport.initCause(cause);
            }
            return rejectedImport;
        }

        /**
         * The tally, rejections in body order. Past the cap, the list holds the first rejections found: within one
         * transaction's events, those found while reading come before those the core found.
         */
        ImportView view() {
            List<ImportRejection> inOrder = new ArrayList<>(rejected);
            inOrder.sort(Comparator.comparingLong(r -> r.line() != null ? r.line() : r.index()));
            return new ImportView(accepted, duplicates, inOrder, rejectedTotal);
        }
    }

    /**
     * Splits a byte stream into lines at {@code \n} without ever holding more than one bounded line: the bytes of a
     * longer line are skipped, and the line is reported as too long.
     */
    static final class LineReader {
        private final InputStream in;
        private final int maxBytes;
        /** Read ahead from the stream: {@code buffer[position, limit)} is not consumed yet. */
        private final byte[] buffer = new byte[64 * 1024];
        private int position;
        private int limit;
        /** The current line, without its {@code \n}: {@code line[0, length)}, at most {@code maxBytes}. */
        private byte[] line = new byte[1024];
        private int length;
        private boolean tooLong;
        private boolean blank;

        LineReader(InputStream in, int maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        /** Advances to the next line; {@code false} at the end of the stream. */
        boolean next() throws IOException {
            length = 0;
            tooLong = false;
            blank = true;
            boolean any = false;
            while (true) {
                if (position == limit) {
                    int n = in.read(buffer, 0, buffer.length);
                    if (n == -1) {
                        return any;
                    }
                    position = 0;
                    limit = n;
                    if (n == 0) {
                        continue;
                    }
                }
                any = true;
                int start = position;
                int end = start;
                while (end < limit && buffer[end] != '\n') {
                    byte b = buffer[end];
                    if (blank && b != ' ' && b != '\t' && b != '\r') {
                        blank = false;
                    }
                    end++;
                }
                append(start, end - start);
                if (end < limit) {
                    position = end + 1;
                    return true;
                }
                position = limit;
            }
        }

        private void append(int from, int count) {
            int room = maxBytes - length;
            if (count > room) {
                tooLong = true;
                count = room;
            }
            if (count <= 0) {
                return;
            }
            if (length + count > line.length) {
                line = Arrays.copyOf(line, Math.min(maxBytes, Math.max(line.length * 2, length + count)));
            }
            System.arraycopy(buffer, from, line, length, count);
            length += count;
        }

        boolean isBlank() {
            return blank;
        }

        boolean isTooLong() {
            return tooLong;
        }

        /** The current line's bytes are {@code bytes()[0, length())}; the array is reused by the next line. */
        byte[] bytes() {
            return line;
        }

        int length() {
            return length;
        }
    }
}
