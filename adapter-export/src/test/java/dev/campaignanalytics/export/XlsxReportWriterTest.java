package dev.campaignanalytics.export;

import dev.campaignanalytics.core.domain.ExportFormat;
import dev.campaignanalytics.core.port.out.Cell;
import dev.campaignanalytics.core.port.out.ReportWriter;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XlsxReportWriterTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private XSSFWorkbook read() throws IOException {
        return new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()));
    }

    private static Set<String> poiTempFiles() {
        File[] files = new File(System.getProperty("java.io.tmpdir"), "poifiles").listFiles();
        return files == null ? Set.of() : Set.of(java.util.Arrays.stream(files).map(File::getName)
                .toArray(String[]::new));
    }

    @Test
    void cellsAreTypedAndNumbersAreShownWithTheirScale() throws IOException {
        try (ReportWriter w = ExportFormats.standard().open(ExportFormat.EXCEL, out)) {
            w.beginTable("Analytics", List.of("Date", "Name", "Views", "CTR", "p", "At", "Significant", "Empty"));
            w.row(List.of(Cell.day(LocalDate.of(2025, 3, 10)), Cell.text("Café"), Cell.whole(800),
                    Cell.decimal(new BigDecimal("0.13")), Cell.decimal(new BigDecimal("0.0400")),
                    Cell.moment(Instant.parse("2025-03-10T08:30:15.250Z"), ZoneId.of("Europe/Paris")),
                    Cell.flag(false), Cell.EMPTY));
            w.finish();
        }
        try (XSSFWorkbook wb = read()) {
            Row row = wb.getSheet("Analytics").getRow(1);
            assertThat(row.getCell(0).getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(row.getCell(0).getLocalDateTimeCellValue().toLocalDate()).isEqualTo(LocalDate.of(2025, 3, 10));
            assertThat(row.getCell(0).getCellStyle().getDataFormatString()).isEqualTo("yyyy-mm-dd");
            assertThat(row.getCell(1).getStringCellValue()).isEqualTo("Café");
            assertThat(row.getCell(2).getNumericCellValue()).isEqualTo(800.0);
            assertThat(row.getCell(3).getNumericCellValue()).isEqualTo(0.13);
            assertThat(row.getCell(3).getCellStyle().getDataFormatString()).isEqualTo("0.00");
            assertThat(row.getCell(4).getCellStyle().getDataFormatString()).isEqualTo("0.0000");
            assertThat(row.getCell(5).getLocalDateTimeCellValue())
                    .isEqualTo(LocalDateTime.of(2025, 3, 10, 9, 30, 15, 250_000_000));
            assertThat(row.getCell(6).getCellType()).isEqualTo(CellType.BOOLEAN);
            assertThat(row.getCell(7)).isNull();
        }
    }

    @Test
    void theHeaderIsBoldFrozenAndFilterable() throws IOException {
        try (ReportWriter w = ExportFormats.standard().open(ExportFormat.EXCEL, out)) {
            w.beginTable("Analytics", List.of("a", "b", "c"));
            for (int i = 0; i < 5; i++) {
                w.row(List.of(Cell.whole(i), Cell.whole(i), Cell.whole(i)));
            }
            w.finish();
        }
        try (XSSFWorkbook wb = read()) {
            XSSFSheet sheet = wb.getSheet("Analytics");
            XSSFCell a1 = sheet.getRow(0).getCell(0);
            assertThat(wb.getFontAt(a1.getCellStyle().getFontIndex()).getBold()).isTrue();
            assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
            assertThat(sheet.getPaneInformation().getHorizontalSplitPosition()).isEqualTo((short) 1);
            assertThat(sheet.getCTWorksheet().getAutoFilter().getRef()).isEqualTo("A1:C6");
        }
    }

    @Test
    void aDataTableLongerThanASheetContinuesOnNewSheetsWithTheHeaderAgain() throws IOException {
        try (ReportWriter w = ExportFormats.withSheetRowLimit(10).open(ExportFormat.EXCEL, out)) {
            w.beginTable("Events", List.of("n"));
            for (int i = 1; i <= 25; i++) {
                w.row(List.of(Cell.whole(i)));
            }
            w.beginSupplement("Summary", List.of("Metric", "Value"));
            w.row(List.of(Cell.text("Rows"), Cell.whole(25)));
            w.finish();
        }
        try (XSSFWorkbook wb = read()) {
            assertThat(wb.getNumberOfSheets()).isEqualTo(4);
            List<String> names = new ArrayList<>();
            wb.forEach(s -> names.add(s.getSheetName()));
            assertThat(names).containsExactly("Events", "Events (2)", "Events (3)", "Summary");
            List<Double> numbers = new ArrayList<>();
            for (String name : List.of("Events", "Events (2)", "Events (3)")) {
                XSSFSheet sheet = wb.getSheet(name);
                assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("n");
                assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
                for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                    numbers.add(sheet.getRow(r).getCell(0).getNumericCellValue());
                }
            }
            assertThat(wb.getSheet("Events").getLastRowNum()).isEqualTo(10);
            assertThat(wb.getSheet("Events (3)").getLastRowNum()).isEqualTo(5);
            assertThat(numbers).hasSize(25).isSorted();
            assertThat(numbers.get(24)).isEqualTo(25.0);
            assertThat(wb.getSheet("Summary").getRow(1).getCell(1).getNumericCellValue()).isEqualTo(25.0);
        }
    }

    @Test
    void aSheetFullToTheLimitDoesNotStartAnEmptyOne() throws IOException {
        try (ReportWriter w = ExportFormats.withSheetRowLimit(3).open(ExportFormat.EXCEL, out)) {
            w.beginTable("Events", List.of("n"));
            for (int i = 1; i <= 3; i++) {
                w.row(List.of(Cell.whole(i)));
            }
            w.finish();
        }
        try (XSSFWorkbook wb = read()) {
            assertThat(wb.getNumberOfSheets()).isEqualTo(1);
        }
    }

    @Test
    void textThatASpreadsheetWouldRunAsAFormulaIsAStringCellWithALeadingApostrophe() throws IOException {
        List<String> texts = List.of("=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2", "@SUM(A1)", "\tx", "\rx", "fine");
        try (ReportWriter w = ExportFormats.standard().open(ExportFormat.EXCEL, out)) {
            w.beginTable("Data", List.of("a", "b", "c", "d", "e", "f", "g"));
            w.row(texts.stream().map(Cell::text).toList());
            w.finish();
        }
        try (XSSFWorkbook wb = read()) {
            Row row = wb.getSheet("Data").getRow(1);
            List<String> values = new ArrayList<>();
            row.forEach(c -> {
                assertThat(c.getCellType()).isEqualTo(CellType.STRING);
                values.add(c.getStringCellValue());
            });
            // Excel stores a lone CR in XML as _x000D_; POI gives it back as such or as \r.
            assertThat(values.subList(0, 5)).containsExactly("'=HYPERLINK(\"http://x\",\"y\")", "'+1+1", "'-2",
                    "'@SUM(A1)", "'\tx");
            assertThat(values.get(5)).startsWith("'");
            assertThat(values.get(6)).isEqualTo("fine");
        }
    }

    @Test
    void datesExcelCannotHoldAreWrittenAsText() throws IOException {
        try (ReportWriter w = ExportFormats.standard().open(ExportFormat.EXCEL, out)) {
            w.beginTable("Data", List.of("at"));
            w.row(List.of(Cell.moment(Instant.parse("1850-01-01T00:00:00Z"), ZoneId.of("UTC"))));
            w.finish();
        }
        try (XSSFWorkbook wb = read()) {
            assertThat(wb.getSheet("Data").getRow(1).getCell(0).getStringCellValue()).isEqualTo("1850-01-01T00:00");
        }
    }

    @Test
    void closingDeletesTheTemporaryFilesAndLeavesTheOutputOpen() throws IOException {
        Set<String> before = poiTempFiles();
        boolean[] closed = {false};
        OutputStream watched = new OutputStream() {
            @Override
            public void write(int b) {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                out.write(b, off, len);
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        try (ReportWriter w = ExportFormats.standard().open(ExportFormat.EXCEL, watched)) {
            w.beginTable("Data", List.of("n"));
            for (int i = 0; i < 500; i++) {
                w.row(List.of(Cell.whole(i)));
            }
            assertThat(poiTempFiles()).isNotEqualTo(before);
            w.finish();
        }
        assertThat(poiTempFiles()).isEqualTo(before);
        assertThat(closed[0]).isFalse();
        try (XSSFWorkbook wb = read()) {
            assertThat(wb.getSheet("Data").getLastRowNum()).isEqualTo(500);
        }
    }

    @Test
    void anOutputThatFailsPartWayLeavesNoTemporaryFileBehind() throws IOException {
        Set<String> before = poiTempFiles();
        OutputStream failing = new OutputStream() {
            private int written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > 1000) {
                    throw new IOException("the client went away");
                }
            }
        };
        ReportWriter w = ExportFormats.standard().open(ExportFormat.EXCEL, failing);
        try (w) {
            w.beginTable("Data", List.of("n", "text"));
            for (int i = 0; i < 2000; i++) {
                w.row(List.of(Cell.whole(i), Cell.text("row " + i)));
            }
            assertThatThrownBy(w::finish).isInstanceOf(IOException.class);
        }
        assertThat(poiTempFiles()).isEqualTo(before);
    }

    @Test
    void noCellOfAnyTableIsAFormula() throws IOException {
        try (ReportWriter w = ExportFormats.standard().open(ExportFormat.EXCEL, out)) {
            w.beginTable("Data", List.of("=1+1", "b"));
            w.row(List.of(Cell.text("=1+1"), Cell.whole(1)));
            w.beginSupplement("Summary", List.of("Metric", "Value"));
            w.row(List.of(Cell.text("=SUM(A1:A2)"), Cell.decimal(new BigDecimal("-3.25"))));
            w.finish();
        }
        try (XSSFWorkbook wb = read()) {
            wb.forEach(sheet -> sheet.forEach(row -> row.forEach(c ->
                    assertThat(c.getCellType()).isNotEqualTo(CellType.FORMULA))));
            assertThat(wb.getSheet("Summary").getRow(1).getCell(1).getNumericCellValue()).isEqualTo(-3.25);
            assertThat(wb.getSheet("Summary").getCTWorksheet().getAutoFilter().getRef()).isEqualTo("A1:B2");
        }
    }
}
