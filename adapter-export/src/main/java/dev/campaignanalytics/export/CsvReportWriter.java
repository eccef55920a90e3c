package dev.campaignanalytics.export;

import dev.campaignanalytics.core.port.out.Cell;
import dev.campaignanalytics.core.port.out.ReportWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * A report as CSV: RFC 4180 (comma, CRLF line ends, fields quoted with {@code "} when they hold a comma, a quote or
 * a line break, or start or end with a space or control character; quotes doubled; see {@link CsvOutput}), UTF-8
 * with a byte order mark, then the header line, then one line per row of the data table. Supplementary tables are not written: CSV holds one table.
 *
 * <p>Cells: text as it is (neutralised against formulas, see {@link FormulaGuard}); counts as integers; decimals
 * with exactly their scale ({@code 12.50}); dates as {@code yyyy-MM-dd}; points in time as ISO-8601 with the offset
 * of the export's zone ({@code 2025-03-10T09:30:00+01:00}, {@code Z} for UTC); flags as {@code true|false}; an empty
 * cell as an empty field.
 *
 * <p>The fields are written by {@link CsvOutput}, straight into a UTF-8 byte buffer, byte for byte as commons-csv's
 * {@code RFC4180} format writes them.
 */
final class CsvReportWriter implements ReportWriter {
    private enum State { NEW, DATA, SUPPLEMENT, FINISHED, CLOSED }

    private final CsvOutput csv;
    private State state = State.NEW;
    private int columns;

    CsvReportWriter(OutputStream out) {
        this.csv = new CsvOutput(out);
    }

    @Override
    public void beginTable(String name, List<String> header) throws IOException {
        open(State.NEW);
        csv.byteOrderMark();
        columns = header.size();
        for (String title : header) {
            csv.text(title);
        }
        csv.endRecord();
        state = State.DATA;
    }

    @Override
    public void beginSupplement(String name, List<String> header) {
        if (state != State.DATA && state != State.SUPPLEMENT) {
            throw new IllegalStateException("a supplement follows the data table; the writer is " + state);
        }
        columns = header.size();
        state = State.SUPPLEMENT;
    }

    @Override
    public void row(List<Cell> cells) throws IOException {
        if (state != State.DATA && state != State.SUPPLEMENT) {
            throw new IllegalStateException("rows need a table; the writer is " + state);
        }
        if (cells.size() != columns) {
            throw new IllegalArgumentException("a row has " + columns + " cells, not " + cells.size());
        }
        if (state == State.SUPPLEMENT) {
            return;
        }
        for (int i = 0; i < columns; i++) {
            Cell cell = cells.get(i);
            if (cell instanceof Cell.Text t) {
                csv.text(t.value());
            } else if (cell instanceof Cell.Moment m) {
                csv.moment(m.value(), m.zone());
            } else if (cell instanceof Cell.Whole w) {
                csv.plain(Long.toString(w.value()));
            } else if (cell instanceof Cell.Decimal d) {
                csv.plain(d.value().toPlainString());
            } else if (cell instanceof Cell.Day d) {
                csv.plain(d.value().toString());
            } else if (cell instanceof Cell.Flag f) {
                csv.plain(f.value() ? "true" : "false");
            } else {
                csv.empty();
            }
        }
        csv.endRecord();
    }

    @Override
    public void finish() throws IOException {
        if (state == State.NEW) {
            throw new IllegalStateException("nothing to finish: no table was begun");
        }
        if (state == State.CLOSED || state == State.FINISHED) {
            throw new IllegalStateException("the writer is " + state);
        }
        csv.flush();
        state = State.FINISHED;
    }

    /**
     * Drops the writer's buffer. It never closes the output; after a failure, what was still buffered is not
     * written, so the output ends where the failure cut it.
     */
    @Override
    public void close() {
        state = State.CLOSED;
        csv.discard();
    }

    private void open(State expected) {
        if (state != expected) {
            throw new IllegalStateException("the data table comes first and once; the writer is " + state);
        }
    }
}
