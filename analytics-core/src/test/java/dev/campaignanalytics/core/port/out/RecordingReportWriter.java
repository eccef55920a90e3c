package dev.campaignanalytics.core.port.out;

import dev.campaignanalytics.core.domain.ExportFormat;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Writers that keep what they are given, for tests: every writer opened, with its tables and rows, and whether it
 * was finished and closed. It writes one byte per row to the output, so that a failing output fails the writing.
 */
public final class RecordingReportWriter implements ReportWriters {
    private final List<Recording> opened = new ArrayList<>();

    /** One table as written. */
    public record Table(String name, List<String> header, boolean supplement, List<List<Cell>> rows) {
    }

    @Override
    public ReportWriter open(ExportFormat format, OutputStream out) {
        Recording r = new Recording(format, out);
        opened.add(r);
        return r;
    }

    public List<Recording> opened() {
        return List.copyOf(opened);
    }

    /** The only writer opened. */
    public Recording only() {
        if (opened.size() != 1) {
            throw new AssertionError("expected one writer, got " + opened.size());
        }
        return opened.get(0);
    }

    public static final class Recording implements ReportWriter {
        private final ExportFormat format;
        private final OutputStream out;
        private final List<Table> tables = new ArrayList<>();
        private boolean finished;
        private boolean closed;

        Recording(ExportFormat format, OutputStream out) {
            this.format = format;
            this.out = out;
        }

        @Override
        public void beginTable(String name, List<String> header) {
            if (!tables.isEmpty()) {
                throw new IllegalStateException("the data table comes first and once");
            }
            tables.add(new Table(name, List.copyOf(header), false, new ArrayList<>()));
        }

        @Override
        public void beginSupplement(String name, List<String> header) {
            if (tables.isEmpty()) {
                throw new IllegalStateException("the data table comes first");
            }
            tables.add(new Table(name, List.copyOf(header), true, new ArrayList<>()));
        }

        @Override
        public void row(List<Cell> cells) throws IOException {
            Table t = tables.get(tables.size() - 1);
            if (cells.size() != t.header().size()) {
                throw new IllegalArgumentException("a row of " + cells.size() + " cells under " + t.header());
            }
            out.write('r');
            t.rows().add(List.copyOf(cells));
        }

        @Override
        public void finish() {
            finished = true;
        }

        @Override
        public void close() {
            closed = true;
        }

        public ExportFormat format() {
            return format;
        }

        public List<Table> tables() {
            return tables;
        }

        public Table table(String name) {
            return tables.stream().filter(t -> t.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no table " + name + " in " + tables));
        }

        public boolean finished() {
            return finished;
        }

        public boolean closed() {
            return closed;
        }
    }
}
