package dev.campaignanalytics.export;

import dev.campaignanalytics.core.domain.ExportFormat;
import dev.campaignanalytics.core.port.out.ReportWriter;
import dev.campaignanalytics.core.port.out.ReportWriters;

import java.io.OutputStream;
import java.util.Objects;

/**
 * The way into the export adapter: writers of CSV and Excel documents behind the core's {@link ReportWriters} port.
 *
 * <pre>{@code
 * ReportWriters writers = ExportFormats.standard();
 * try (ReportWriter w = writers.open(ExportFormat.CSV, out)) { ...; w.finish(); }
 * }</pre>
 */
public final class ExportFormats implements ReportWriters {
    /** The most data rows of one Excel sheet: 1,048,575 (Excel's 1,048,576 rows less the header). */
    public static final int MAX_DATA_ROWS_PER_SHEET = XlsxReportWriter.MAX_DATA_ROWS_PER_SHEET;

    private final int maxDataRowsPerSheet;

    private ExportFormats(int maxDataRowsPerSheet) {
        if (maxDataRowsPerSheet < 1 || maxDataRowsPerSheet > MAX_DATA_ROWS_PER_SHEET) {
            throw new IllegalArgumentException("a sheet holds 1 to " + MAX_DATA_ROWS_PER_SHEET + " data rows");
        }
        this.maxDataRowsPerSheet = maxDataRowsPerSheet;
    }

    /**
     * CSV, and Excel sheets filled up to Excel's limit.
     *
     * @return the writers for both formats, with sheets of up to {@link #MAX_DATA_ROWS_PER_SHEET} data rows
     */
    public static ExportFormats standard() {
        return new ExportFormats(MAX_DATA_ROWS_PER_SHEET);
    }

    /**
     * Like {@link #standard()}, with an Excel data table continued on a new sheet after this many rows.
     *
     * @param maxDataRowsPerSheet data rows per Excel sheet, 1 to {@link #MAX_DATA_ROWS_PER_SHEET}; the header row is
     *         not counted
     * @return the writers for both formats
     */
    public static ExportFormats withSheetRowLimit(int maxDataRowsPerSheet) {
        return new ExportFormats(maxDataRowsPerSheet);
    }

    @Override
    public ReportWriter open(ExportFormat format, OutputStream out) {
        Objects.requireNonNull(out, "out");
        return switch (Objects.requireNonNull(format, "format")) {
            case CSV -> new CsvReportWriter(out);
            case EXCEL -> new XlsxReportWriter(out, maxDataRowsPerSheet);
        };
    }
}
