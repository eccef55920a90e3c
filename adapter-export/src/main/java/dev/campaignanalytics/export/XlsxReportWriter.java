package dev.campaignanalytics.export;

import dev.campaignanalytics.core.port.out.Cell;
import dev.campaignanalytics.core.port.out.ReportWriter;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormat;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.streaming.SXSSFCell;
import org.apache.poi.xssf.streaming.SXSSFRow;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A report as an Excel workbook (.xlsx), streamed with POI's {@link SXSSFWorkbook}: only the last
 * {@value #ROW_WINDOW} rows of a sheet are in memory; the others wait in temporary files (in POI's temporary
 * directory, {@code java.io.tmpdir/poifiles}) until {@link #finish()} writes the workbook. {@link #close()} always
 * deletes them.
 *
 * <p>Each table is a sheet with a bold header row that stays in view (frozen) and an autofilter over its columns.
 * A data table longer than a sheet's limit (1,048,575 rows under the header) continues on further sheets named
 * {@code "<name> (2)"}, {@code "<name> (3)"}, each with the header again. Cells are typed: text as (inline) text,
 * neutralised against formulas, counts and decimals as numbers (decimals shown with their scale, {@code 0.00} for
 * rates), dates as dates ({@code yyyy-mm-dd}), points in time as the date and time they were in the export's zone
 * ({@code yyyy-mm-dd hh:mm:ss.000}, since a spreadsheet holds no offset), flags as booleans. No cell is ever a
 * formula. Dates before 1900, which Excel cannot hold, are written as ISO text.
 */
final class XlsxReportWriter implements ReportWriter {
    /** The most data rows of one sheet: Excel's 1,048,576 rows less the header row. */
    static final int MAX_DATA_ROWS_PER_SHEET = SpreadsheetVersion.EXCEL2007.getMaxRows() - 1;
    static final int ROW_WINDOW = 100;
    private static final int MAX_SHEET_NAME = 31;
    private static final int MAX_COLUMN_CHARS = 60;

    private enum State { NEW, DATA, SUPPLEMENT, FINISHED, CLOSED }

    private final OutputStream out;
    private final int maxDataRowsPerSheet;
    private final SXSSFWorkbook workbook;
    private final DataFormat formats;
    private final CellStyle plainStyle;
    private final CellStyle headerStyle;
    private final CellStyle wholeStyle;
    private final CellStyle dayStyle;
    private final CellStyle momentStyle;
    private final Map<Integer, CellStyle> decimalStyles = new HashMap<>();

    private State state = State.NEW;
    private String tableName;
    private List<String> header;
    private SXSSFSheet sheet;
    private int sheetsOfTable;
    private int dataRows;
    private boolean widthsSet;

    XlsxReportWriter(OutputStream out, int maxDataRowsPerSheet) {
        if (maxDataRowsPerSheet < 1 || maxDataRowsPerSheet > MAX_DATA_ROWS_PER_SHEET) {
            throw new IllegalArgumentException("a sheet holds 1 to " + MAX_DATA_ROWS_PER_SHEET + " data rows");
        }
        this.out = out;
        this.maxDataRowsPerSheet = maxDataRowsPerSheet;
        this.workbook = new SXSSFWorkbook(ROW_WINDOW);
        this.formats = workbook.createDataFormat();
        // Every cell gets a style of its own: a cell without one makes POI look its column's style up in the
        // sheet's XML objects, once per cell, which would cost more than all the rest of the writing.
        this.plainStyle = workbook.getCellStyleAt(0);
        Font bold = workbook.createFont();
        bold.setBold(true);
        this.headerStyle = workbook.createCellStyle();
        headerStyle.setFont(bold);
        this.wholeStyle = style("0");
        this.dayStyle = style("yyyy-mm-dd");
        this.momentStyle = style("yyyy-mm-dd hh:mm:ss.000");
    }

    private CellStyle style(String format) {
        CellStyle s = workbook.createCellStyle();
        s.setDataFormat(formats.getFormat(format));
        return s;
    }

    @Override
    public void beginTable(String name, List<String> header) {
        if (state != State.NEW) {
            throw new IllegalStateException("the data table comes first and once; the writer is " + state);
        }
        startTable(name, header);
        state = State.DATA;
    }

    @Override
    public void beginSupplement(String name, List<String> header) {
        if (state != State.DATA && state != State.SUPPLEMENT) {
            throw new IllegalStateException("a supplement follows the data table; the writer is " + state);
        }
        endSheet();
        startTable(name, header);
        state = State.SUPPLEMENT;
    }

    private void startTable(String name, List<String> columns) {
        this.tableName = name;
        this.header = List.copyOf(columns);
        this.sheetsOfTable = 0;
        startSheet();
    }

    private void startSheet() {
        sheetsOfTable++;
        String name = sheetsOfTable == 1 ? tableName : continuationName(tableName, sheetsOfTable);
        sheet = workbook.createSheet(WorkbookUtil.createSafeSheetName(name));
        dataRows = 0;
        widthsSet = false;
        SXSSFRow row = sheet.createRow(0);
        for (int i = 0; i < header.size(); i++) {
            SXSSFCell cell = row.createCell(i);
            cell.setCellValue(FormulaGuard.neutralise(header.get(i)));
            cell.setCellStyle(headerStyle);
        }
        sheet.createFreezePane(0, 1);
    }

    static String continuationName(String name, int number) {
        String suffix = " (" + number + ")";
        String base = WorkbookUtil.createSafeSheetName(name);
        if (base.length() + suffix.length() > MAX_SHEET_NAME) {
            base = base.substring(0, MAX_SHEET_NAME - suffix.length());
        }
        return base + suffix;
    }

    /** Puts the autofilter over the header and every data row of the current sheet. */
    private void endSheet() {
        if (sheet != null) {
            sheet.setAutoFilter(new CellRangeAddress(0, dataRows, 0, header.size() - 1));
        }
    }

    @Override
    public void row(List<Cell> cells) throws IOException {
        if (state != State.DATA && state != State.SUPPLEMENT) {
            throw new IllegalStateException("rows need a table; the writer is " + state);
        }
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("a row has " + header.size() + " cells, not " + cells.size());
        }
        if (dataRows == maxDataRowsPerSheet) {
            endSheet();
            startSheet();
        }
        if (!widthsSet) {
            setWidths(cells);
        }
        dataRows++;
        SXSSFRow row = sheet.createRow(dataRows);
        for (int i = 0; i < cells.size(); i++) {
            write(row, i, cells.get(i));
        }
    }

    private void write(SXSSFRow row, int column, Cell value) {
        if (value instanceof Cell.Text t) {
            SXSSFCell cell = row.createCell(column);
            cell.setCellValue(FormulaGuard.neutralise(t.value()));
            cell.setCellStyle(plainStyle);
        } else if (value instanceof Cell.Whole w) {
            SXSSFCell cell = row.createCell(column);
            cell.setCellValue((double) w.value());
            cell.setCellStyle(wholeStyle);
        } else if (value instanceof Cell.Decimal d) {
            SXSSFCell cell = row.createCell(column);
            cell.setCellValue(d.value().doubleValue());
            cell.setCellStyle(decimalStyle(Math.max(0, d.value().scale())));
        } else if (value instanceof Cell.Day d) {
            writeDay(row.createCell(column), d.value());
        } else if (value instanceof Cell.Moment m) {
            writeMoment(row.createCell(column), LocalDateTime.ofInstant(m.value(), m.zone()));
        } else if (value instanceof Cell.Flag f) {
            SXSSFCell cell = row.createCell(column);
            cell.setCellValue(f.value());
            cell.setCellStyle(plainStyle);
        }
        // Cell.EMPTY: no cell at all.
    }

    private void writeDay(SXSSFCell cell, LocalDate day) {
        if (day.getYear() < 1900) {
            cell.setCellValue(day.toString());
            cell.setCellStyle(plainStyle);
        } else {
            cell.setCellValue(day);
            cell.setCellStyle(dayStyle);
        }
    }

    private void writeMoment(SXSSFCell cell, LocalDateTime time) {
        if (time.getYear() < 1900) {
            cell.setCellValue(time.toString());
            cell.setCellStyle(plainStyle);
        } else {
            cell.setCellValue(time);
            cell.setCellStyle(momentStyle);
        }
    }

    private CellStyle decimalStyle(int scale) {
        return decimalStyles.computeIfAbsent(scale, s -> style(s == 0 ? "0" : "0." + "0".repeat(s)));
    }

    /** Column widths from the header and the kind of the first row's cells, in characters. */
    private void setWidths(List<Cell> first) {
        for (int i = 0; i < header.size(); i++) {
            Cell c = first.get(i);
            int chars;
            if (c instanceof Cell.Moment) {
                chars = 24;
            } else if (c instanceof Cell.Text t) {
                chars = Math.min(MAX_COLUMN_CHARS, Math.max(16, t.value().length() + 2));
            } else {
                chars = 12;
            }
            chars = Math.min(MAX_COLUMN_CHARS, Math.max(chars, header.get(i).length() + 4));
            sheet.setColumnWidth(i, chars * 256);
        }
        widthsSet = true;
    }

    @Override
    public void finish() throws IOException {
        if (state != State.DATA && state != State.SUPPLEMENT) {
            throw new IllegalStateException("nothing to finish; the writer is " + state);
        }
        endSheet();
        workbook.write(new Unclosable(out));
        out.flush();
        state = State.FINISHED;
    }

    /** Closes the workbook, which deletes its temporary files; the output stays open. */
    @Override
    public void close() throws IOException {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        workbook.close();
    }
}
